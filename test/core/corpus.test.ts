import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CorpusFileError, loadCorpus, parseArticle, serializeArticle, writtenFrontMatter } from '../../src/core/corpus.js';
import { corpusPath, realArticles } from '../helpers/corpus.js';

const good = `---
id: "hyperion-louisiane"
title: "Hyperion en Louisiane"
source: "Exemple"
url: "https://example.org/hyperion"
date: "2025-07-18"
lang: "fr"
added: "2026-11-23T08:00:00Z"
---

Hyperion atteindra une capacité de 5 gigawatts.
`;

function problems(content: string) {
  try {
    parseArticle('corpus/bad.md', content);
  } catch (e) {
    if (e instanceof CorpusFileError) return e.problems;
    throw e;
  }
  return [];
}

describe('parseArticle', () => {
  it('reads the front matter and the body', () => {
    const a = parseArticle('x.md', good);
    expect(a).toMatchObject({ id: 'hyperion-louisiane', date: '2025-07-18', lang: 'fr', source: 'Exemple' });
    expect(a.body).toBe('Hyperion atteindra une capacité de 5 gigawatts.');
  });

  it('names the file and the field at fault', () => {
    const p = problems(good.replace('date: "2025-07-18"', 'date: "18/07/2025"'));
    expect(p).toEqual([expect.objectContaining({ file: 'corpus/bad.md', field: 'date' })]);
    expect(new CorpusFileError(p).message).toMatch(/corpus\/bad\.md: field "date" must be an ISO date/);
  });

  it('reports a missing field, an unknown one, a bad language and an impossible date', () => {
    expect(problems(good.replace(/^title:.*\n/m, ''))).toEqual([expect.objectContaining({ field: 'title', message: 'is missing' })]);
    expect(problems(good.replace('lang: "fr"', 'lang: "French"'))).toEqual([expect.objectContaining({ field: 'lang' })]);
    expect(problems(good.replace('2025-07-18', '2025-02-30'))).toEqual([expect.objectContaining({ field: 'date', message: 'is not a real calendar date' })]);
    expect(problems(good.replace('lang: "fr"', 'lang: "fr"\nauthor: "x"'))[0].message).toMatch(/author/);
  });

  it('accepts a partial date and null for what the text does not give', () => {
    const a = parseArticle('x.md', good.replace('"2025-07-18"', '"2025-01"').replace('"Exemple"', 'null').replace('"https://example.org/hyperion"', 'null'));
    expect(a).toMatchObject({ date: '2025-01', source: null, url: null });
  });

  it('refuses a file without front matter, with broken YAML or an empty body', () => {
    expect(problems('Hyperion.')[0].message).toMatch(/no front matter/);
    expect(problems(good.replace('lang: "fr"', 'lang: [fr'))[0].message).toMatch(/not valid YAML/);
    expect(problems(good.replace(/\n\nHyperion.*\n$/, '\n'))[0].message).toMatch(/empty body/);
  });

  it('writes an article back so that it reads the same', () => {
    const a = parseArticle('x.md', good);
    expect(parseArticle('y.md', serializeArticle(a))).toEqual(a);
  });

  it('reads the front matter it writes as YAML would, quotes, backslashes, tabs and emoji included, and hands anything else to YAML', () => {
    const a = { ...parseArticle('x.md', good), title: 'Il a dit « "bonjour" » \\ à\tRennes — 🚀', url: 'https://e.x/a?b=1&c="d"' };
    const front = serializeArticle(a).split('---\n')[1].replace(/\n$/, '');
    expect(writtenFrontMatter(front)).toEqual(parseYaml(front));
    expect(parseArticle('y.md', serializeArticle(a))).toEqual(a);
    // Written by hand: plain values, a comment, single quotes, a repeated key, Windows line ends.
    for (const hand of ['id: meta-1', 'id: "a" # the id', "id: 'a'", 'id: "a"\nid: "b"', 'id: "a"\r\ntitle: "b"'])
      expect(writtenFrontMatter(hand)).toBeNull();
    expect(parseArticle('z.md', good.replace(/title: ".*"/, "title: 'Hyperion, l''immense'  # à vérifier")).title).toBe("Hyperion, l'immense");
  });
});

describe('loadCorpus', () => {
  it('loads the shipped corpus without a problem', async () => {
    const { articles, problems } = await loadCorpus(corpusPath);
    expect(problems).toEqual([]);
    expect(articles).toHaveLength(5);
  });

  it('skips a bad file and a duplicate id, serving the rest, and leaves the files as they were', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'veille-corpus-'));
    await writeFile(path.join(dir, 'a.md'), good);
    await writeFile(path.join(dir, 'b.md'), good.replace('lang: "fr"', 'lang: "xx-yy"'));
    await writeFile(path.join(dir, 'c.md'), good);
    await writeFile(path.join(dir, 'notes.txt'), 'not an article');
    const { articles, problems } = await loadCorpus(dir);
    expect(articles.map((a) => a.id)).toEqual(['hyperion-louisiane']);
    expect(problems.map((p) => [path.basename(p.file), p.field])).toEqual([
      ['b.md', 'lang'],
      ['c.md', 'id'],
    ]);
    expect(await readFile(path.join(dir, 'b.md'), 'utf8')).toContain('lang: "xx-yy"');
  });

  it('every article body keeps the raw text verbatim (no invented date, no boilerplate)', async () => {
    const articles = await realArticles();
    for (const a of articles) {
      expect(a.body).not.toMatch(/A VOIR AUSSI|Plus de lecture|You may also like|Leave a Comment|Droits d’auteur|spot_img/);
    }
    expect(articles.filter((a) => a.date).map((a) => a.date).sort()).toEqual(['2025-01', '2025-07-18']);
  });
});
