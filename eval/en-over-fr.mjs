#!/usr/bin/env node
// English questions over French text (issue #10's headline case, `/ask how big is Hyperion` over
// French articles): the held-out PIAF questions of eval/piaf-en.jsonl, put into English by hand,
// scored by the shared external scorer once in English and once in their original French, on the
// same corpus (the held-out articles that have such a question, every paragraph of them).
//   node eval/en-over-fr.mjs [--cmd CMD] [--baseline] [--misses N] [--json PREFIX] [--fitted]
// prints the scorer's summary line for each language and the ratio of English hit@1 to French hit@1
// (with --baseline, for BM25 too); --json PREFIX keeps every scored row in PREFIX-en.json and
// PREFIX-fr.json; --fitted scores the fitted sample instead (lines 401–800 over the fitted articles,
// which npm run train learns from): the one to study misses on, never the held-out one. Needs ../shared/eval/external beside the checkout and `npm run build`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { heldOut } from './split.mjs';
import { piafFile, readPiaf, readTranslated } from './piaf-en-sample.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const externalScorer = path.resolve(root, '../shared/eval/external/run.mjs');
export const available = () => fs.existsSync(externalScorer) && fs.existsSync(piafFile);

/**
 * Writes into `dir` two sets in the external format, `piaf-en.jsonl` and `piaf-fr.jsonl`: the
 * held-out articles (the fitted ones with `fitted`) with a translated question, whole, and only
 * those questions, in English and in French. Returns their paths and how many questions they hold.
 */
export function composeSets(dir, { fitted = false } = {}) {
  const english = new Map(readTranslated().map((t) => [t.id, t.question]));
  const kept = readPiaf()
    .filter((r) => heldOut.piaf(r.id) !== fitted)
    .map((r) => ({ ...r, questions: r.questions.filter((q) => english.has(q.id)) }))
    .filter((r) => r.questions.length);
  const write = (lang) => {
    const file = path.join(dir, `piaf-${lang}.jsonl`);
    const lines = kept.map((r) => JSON.stringify({ ...r, questions: r.questions.map((q) => (lang === 'en' ? { ...q, question: english.get(q.id) } : q)) }));
    fs.writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };
  return { en: write('en'), fr: write('fr'), questions: kept.reduce((n, r) => n + r.questions.length, 0), articles: kept.length };
}

/** The scorer's summary line → its fields. */
export const parseSummary = (line) => Object.fromEntries(line.trim().split(' ').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));

/**
 * Scores both languages with `cmd` (and the BM25 baseline when asked): a list of
 * { lang, engine ('veille'|'bm25'), summary, rows } from the scorer's --json output.
 */
export function score({ cmd, baseline = false, misses = 0, fitted = false, log = () => {} }) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'veille-en-over-fr-'));
  try {
    const sets = composeSets(tmp, { fitted });
    const results = [];
    for (const lang of ['en', 'fr']) {
      const json = path.join(tmp, `${lang}.json`);
      const args = [externalScorer, sets[lang], '--cmd', cmd, '--misses', String(misses), '--json', json, ...(baseline ? ['--baseline'] : [])];
      const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 256 << 20, env: { ...process.env, NO_COLOR: '1' } });
      if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}:\n${(r.stderr || r.stdout).slice(-2000)}`);
      log(r.stdout);
      for (const { summary, rows } of JSON.parse(fs.readFileSync(json, 'utf8'))) results.push({ lang, engine: summary.engine === 'bm25' ? 'bm25' : 'veille', summary, rows });
    }
    return results;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const flag = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
  if (!available()) {
    console.error(`en-over-fr: ${path.relative(root, externalScorer)} or ${path.relative(root, piafFile)} is not here: nothing to score`);
    process.exit(2);
  }
  const cmd = flag('--cmd', `node ${JSON.stringify(path.join(root, 'bin/veille.js'))}`);
  const jsonPrefix = flag('--json');
  const results = score({ cmd, baseline: args.includes('--baseline'), misses: Number(flag('--misses', 0)), fitted: args.includes('--fitted'), log: (out) => process.stdout.write(out.split('\n').filter((l) => !l.startsWith('set=')).join('\n')) });
  for (const r of results) console.log(`${r.lang} ${r.engine} ${Object.entries(r.summary).filter(([k]) => k !== 'set' && k !== 'engine').map(([k, v]) => `${k}=${v ?? '-'}`).join(' ')}`);
  for (const engine of ['veille', 'bm25']) {
    const en = results.find((r) => r.engine === engine && r.lang === 'en');
    const fr = results.find((r) => r.engine === engine && r.lang === 'fr');
    if (en && fr) console.log(`${engine}: English hit1 ${en.summary.hit1} / French hit1 ${fr.summary.hit1} = ${fr.summary.hit1 ? Math.round((100 * en.summary.hit1) / fr.summary.hit1) : '-'} %`);
  }
  if (jsonPrefix) for (const lang of ['en', 'fr']) fs.writeFileSync(`${jsonPrefix}-${lang}.json`, JSON.stringify(results.filter((r) => r.lang === lang).map(({ summary, rows }) => ({ summary, rows })), null, 1));
}
