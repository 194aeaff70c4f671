// The general-vocabulary glossaries (lexicon/glossary-*.en-fr.tsv) are hand-written data: each must parse as
// `english<TAB>french1|…` with one to four renderings, say each English key once, never key a stop word
// (a stop word is dropped from the question before any lookup), and reach the merged glossary the search uses.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lexicon } from '../../src/core/analysis/lexicon.js';
import { fold, normalizeApostrophes } from '../../src/core/analysis/normalize.js';

const lexiconDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../lexicon');
const generalFiles = readdirSync(lexiconDir).filter((f) => /^glossary-[\w-]+\.en-fr\.tsv$/.test(f)).sort();

function entries(file: string): { line: number; text: string }[] {
  return readFileSync(path.join(lexiconDir, file), 'utf8')
    .split('\n')
    .map((text, i) => ({ line: i + 1, text: text.replace(/\r$/, '') }))
    .filter(({ text }) => text.trim() !== '' && !text.startsWith('#'));
}

describe.each(generalFiles)('lexicon/%s', (file) => {
  const rows = entries(file);

  it('has one `key<TAB>renderings` entry a line, 1–4 renderings, keys of at most 4 lower-case words', () => {
    expect(rows.length).toBeGreaterThan(0);
    const bad = rows.filter(({ text }) => {
      const parts = text.split('\t');
      if (parts.length !== 2) return true;
      const [key, values] = parts;
      const renderings = values.split('|').map((v) => v.trim());
      return (
        key.trim() !== key || key === '' || key !== key.toLowerCase() || key.split(' ').length > 4
        || renderings.length < 1 || renderings.length > 4 || renderings.some((r) => r === '')
        || new Set(renderings).size !== renderings.length
      );
    });
    expect(bad.map(({ line, text }) => `${file}:${line}: ${text}`)).toEqual([]);
  });

  it('says each key once and never keys a stop word', () => {
    const { stopwords } = lexicon();
    const seen = new Map<string, number>();
    const problems: string[] = [];
    for (const { line, text } of rows) {
      const key = fold(normalizeApostrophes(text.split('\t')[0]));
      if (seen.has(key)) problems.push(`${file}:${line}: "${key}" already on line ${seen.get(key)}`);
      else seen.set(key, line);
      if (stopwords.en.has(key)) problems.push(`${file}:${line}: "${key}" is an English stop word`);
    }
    expect(problems).toEqual([]);
  });

  it('reaches the merged glossary with every rendering it gives', () => {
    const { glossary } = lexicon();
    const missing = rows.filter(({ text }) => {
      const [key, values] = text.split('\t');
      const merged = glossary.get(fold(normalizeApostrophes(key))) ?? [];
      return values.split('|').some((v) => !merged.includes(normalizeApostrophes(v.trim())));
    });
    expect(missing.map(({ line, text }) => `${file}:${line}: ${text}`)).toEqual([]);
  });
});

describe('lexicon/glossary-general-words-2.en-fr.tsv', () => {
  // Part 4 adds only words the other glossaries lack: a key they already have would merge its renderings into theirs
  // unseen, and change what an existing word finds.
  it('repeats no key of another glossary', () => {
    const file = 'glossary-general-words-2.en-fr.tsv';
    const keyOf = (text: string) => fold(normalizeApostrophes(text.split('\t')[0]));
    const elsewhere = new Map<string, string>();
    for (const other of ['glossary.en-fr.tsv', ...generalFiles].filter((f) => f !== file))
      for (const { text } of entries(other)) elsewhere.set(keyOf(text), other);
    const repeated = entries(file)
      .filter(({ text }) => elsewhere.has(keyOf(text)))
      .map(({ line, text }) => `${file}:${line}: "${keyOf(text)}" is already in ${elsewhere.get(keyOf(text))}`);
    expect(entries(file).length).toBeGreaterThanOrEqual(600);
    expect(repeated).toEqual([]);
  });
});
