// `veille ingest <path|url>... | --feed <url> | --feeds`: progress on stderr, a summary line on stdout,
// exit code 1 when any item failed.
import path from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { Ingester, type IngestEvent, type Outcome } from './ingest.js';
import { ingestSettings } from './settings.js';
import { INGEST_USAGE } from './usage.js';
import { readOnlyCorpusReason } from '../runtime.js';

export interface IngestCliOptions {
  inputs: string[];
  feed?: string[];
  feeds?: boolean;
  corpusDir: string;
  env?: NodeJS.ProcessEnv;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

export async function runIngestCli(options: IngestCliOptions): Promise<number> {
  const out = options.stdout ?? process.stdout;
  const err = options.stderr ?? process.stderr;
  let config;
  try {
    config = loadConfig(options.env ?? process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      err.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const readOnly = readOnlyCorpusReason(options.corpusDir);
  if (readOnly) {
    err.write(`veille ingest: ${readOnly}\n`);
    return 2;
  }
  const feeds = [...(options.feed ?? []), ...(options.feeds ? config.FEEDS : [])];
  if (options.feeds && !config.FEEDS.length) {
    err.write('FEEDS is empty: set it in .env (feed URLs separated by spaces or commas).\n');
    return 2;
  }
  if (!options.inputs.length && !feeds.length) {
    err.write(`Nothing to ingest.\nUsage:\n${INGEST_USAGE}\n`);
    return 2;
  }
  // With DATABASE_URL, the feeds' state is the replicas' (shared), and they hear of what was added.
  const state = config.DATABASE_URL ? await (await import('../state/postgres.js')).PgStateStore.connect(config.DATABASE_URL) : undefined;
  try {
    const ingester = await Ingester.open(ingestSettings(config, options.corpusDir, (e) => err.write(`${formatEvent(e, options.corpusDir)}\n`), state));
    const summary = await ingester.run(options.inputs, feeds);
    if (summary.added) await state?.announceCorpusChange();
    out.write(`ingest: ${summary.added} added, ${summary.known} already in the corpus, ${summary.failed} failed\n`);
    return summary.failed ? 1 : 0;
  } finally {
    await state?.close();
  }
}

export function formatEvent(e: IngestEvent, corpusDir: string): string {
  if (e.type === 'feed') return e.message.startsWith('warning') ? e.message : `feed ${e.url}: ${e.message}`;
  const where = `[${e.done}/${e.total}${e.failed ? `, ${e.failed} failed` : ''}]`;
  return `${where} ${formatOutcome(e.outcome, corpusDir)}`;
}

/** Relative to the working directory when inside it, else absolute. */
function shortPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export function formatOutcome(o: Outcome, _corpusDir: string): string {
  switch (o.status) {
    case 'added':
      return `added ${shortPath(o.file)}: ${o.title} (${o.input})`;
    case 'known':
      return `already in the corpus${o.id ? ` as ${o.id}` : ''} (${o.reason}): ${o.input}`;
    case 'failed':
      return `failed: ${o.input}: ${o.message}`;
  }
}
