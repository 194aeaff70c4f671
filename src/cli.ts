// `veille`: answers in the terminal, and the tools around the bot.
import { parseArgs } from 'node:util';
import { loadCorpus, formatProblem } from './core/corpus.js';
import { runChat } from './adapters/console/chat.js';
import { ansi, plain, renderAnswer, renderSources, HELP } from './adapters/console/render.js';
import { renderDigest } from './adapters/console/render.js';
import { corpusDir, dataDir, loadDotEnv, loadEngine } from './runtime.js';
import { INGEST_USAGE } from './ingest/usage.js';

const USAGE = `Usage:
  veille                          chat in the terminal (/ask, /sources, /help)
  veille ask "question"           the excerpts that answer it, cited
  veille sources "topic"          the articles about a topic (no topic: all of them)
  veille check                    validate every corpus file; exit 1 on any error
  veille start                    run the bot (Discord and/or Slack from .env; else the terminal chat)
  veille discord register [--guild ID]   register the slash commands
  veille digest [--since DATE]    the articles added since DATE (default: the last 24 h), with key sentences
  veille feedback [--jsonl]       votes on the bot's answers: counts and the most down-voted questions;
                                  --jsonl: one eval case a line (shape of eval/questions.jsonl)
${INGEST_USAGE}
Options:
  --json      print the result as one JSON object
  --jsonl     read one question (or topic) a line on stdin, write one JSON object a line
  --help      this help
Environment: CORPUS_DIR (default ./corpus), see .env.example for the rest.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      jsonl: { type: 'boolean', default: false },
      guild: { type: 'string' },
      since: { type: 'string' },
      feed: { type: 'string', multiple: true },
      feeds: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  loadDotEnv();
  const [command = 'chat', ...rest] = positionals;
  if (values.help || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  const warn = (m: string) => process.stderr.write(`${m}\n`);
  switch (command) {
    case 'ask':
    case 'sources': {
      const engine = await loadEngine(corpusDir(), warn);
      const run = (text: string) => (command === 'ask' ? engine.ask(text) : engine.sources(text));
      if (values.jsonl) {
        for await (const line of jsonLines(process.stdin)) {
          process.stdout.write(`${JSON.stringify(run(line))}\n`);
        }
        return 0;
      }
      const text = rest.join(' ');
      if (command === 'ask' && !text.trim() && !values.json) {
        console.error(`Ask a question, e.g. veille ask "how big is Hyperion".\n\n${USAGE}`);
        return 2;
      }
      const result = run(text);
      if (values.json) console.log(JSON.stringify(result, null, 2));
      else {
        const style = process.stdout.isTTY ? ansi : plain;
        console.log('answered' in result ? renderAnswer(result, style) : renderSources(result, style));
      }
      return 'answered' in result && !result.answered && result.reason !== 'not-found' ? 2 : 0;
    }
    case 'check': {
      const dir = corpusDir();
      const { articles, problems } = await loadCorpus(dir);
      for (const p of problems) console.error(`error: ${formatProblem(p)}`);
      console.log(`${dir}: ${articles.length} article(s) valid, ${problems.length} problem(s).`);
      return problems.length ? 1 : 0;
    }
    case 'chat': {
      const engine = await loadEngine(corpusDir(), warn);
      const tty = Boolean(process.stdin.isTTY && process.stdout.isTTY);
      await runChat({ engine, input: process.stdin, output: process.stdout, style: tty ? ansi : plain, prompt: tty });
      return 0;
    }
    case 'ingest': {
      const { runIngestCli } = await import('./ingest/cli.js');
      return runIngestCli({ inputs: rest, feed: values.feed, feeds: values.feeds, corpusDir: corpusDir() });
    }
    case 'digest': {
      const now = new Date();
      const since = values.since === undefined ? new Date(now.getTime() - 24 * 60 * 60 * 1000) : new Date(values.since);
      if (Number.isNaN(since.getTime()) || (values.since !== undefined && !/^\d{4}-\d{2}-\d{2}/.test(values.since))) {
        console.error(`--since wants a date like 2026-01-01 or 2026-01-01T09:00:00Z, not "${values.since}".`);
        return 2;
      }
      const engine = await loadEngine(corpusDir(), warn);
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const result = engine.digest(since, now, { timeZone });
      if (values.json) console.log(JSON.stringify(result, null, 2));
      else console.log(renderDigest(result, process.stdout.isTTY ? ansi : plain));
      return 0;
    }
    case 'feedback': {
      const { existsSync } = await import('node:fs');
      const { ConversationStore, conversationDatabasePath } = await import('./state/conversation-store.js');
      const { feedbackCases, feedbackReport } = await import('./state/feedback-report.js');
      const { promised } = await import('./state/store.js');
      const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
      const file = conversationDatabasePath(dataDir());
      // No database and no file yet: nothing voted, and nothing to create.
      if (!databaseUrl && !existsSync(file)) {
        if (!values.jsonl) console.log('No feedback yet.');
        return 0;
      }
      // The votes of every replica with DATABASE_URL, else this machine's file.
      const shared = databaseUrl ? await (await import('./state/postgres.js')).PgStateStore.connect(databaseUrl) : null;
      const local = shared ? null : new ConversationStore(file);
      const store = shared ? shared.conversations : promised(local!);
      try {
        if (values.jsonl) for (const c of feedbackCases(await store.feedback())) process.stdout.write(`${JSON.stringify(c)}\n`);
        else console.log(await feedbackReport(store));
      } finally {
        local?.close();
        await shared?.close();
      }
      return 0;
    }
    case 'start': {
      const { start } = await import('./main.js');
      await start();
      return 0;
    }
    case 'discord': {
      if (rest[0] !== 'register') {
        console.error(`Unknown discord command.\n\n${USAGE}`);
        return 2;
      }
      const { registerCommandsFromCli } = await import('./main.js');
      await registerCommandsFromCli(values.guild);
      return 0;
    }
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`veille: ${(error as Error).message ?? error}`);
    process.exitCode = 1;
  },
);

export { HELP };

/**
 * The lines of a JSON-lines input: split on \n only (a lone \r inside a question is part of it,
 * not a line break), a trailing \r of a Windows line ending removed.
 */
export async function* jsonLines(input: AsyncIterable<string | Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let at: number;
    while ((at = pending.indexOf('\n')) >= 0) {
      yield pending.slice(0, at).replace(/\r$/, '');
      pending = pending.slice(at + 1);
    }
  }
  pending += decoder.decode();
  if (pending) yield pending.replace(/\r$/, '');
}
