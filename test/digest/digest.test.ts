// digest(since, until): the articles added in the window, each with verbatim key sentences and
// topics; and `veille digest --json`, as a user runs it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDigest } from '../../src/adapters/console/render.js';
import { loadCorpus } from '../../src/core/corpus.js';
import { Engine } from '../../src/core/engine.js';
import { article } from './helpers.js';

describe('digest()', () => {
  it('lists the articles added in [since, until), newest first, with a header giving the day and the count', () => {
    const engine = Engine.fromArticles([
      article('old', '2026-03-01T08:00:00Z'),
      article('first', '2026-03-02T08:00:00Z'),
      article('second', '2026-03-02T20:00:00Z'),
      article('later', '2026-03-03T08:00:00Z'),
    ]);
    const d = engine.digest(new Date('2026-03-02T08:00:00Z'), new Date('2026-03-03T08:00:00Z'), { timeZone: 'Europe/Paris' });
    expect(d.articles.map((a) => a.article.id)).toEqual(['second', 'first']);
    expect(d).toMatchObject({ count: 2, day: '2026-03-03', timeZone: 'Europe/Paris', title: 'Digest for Tuesday 3 March 2026 · 2 new articles' });
    expect(d.articles[0].article).toEqual({ id: 'second', title: 'Article second', source: 'Le Test', date: '2026-03-02', url: 'https://example.com/second' });
    expect(engine.digest(new Date('2027-01-01'), new Date('2027-01-02')).title).toBe('Digest for Saturday 2 January 2027 · no new articles');
  });

  it('highlights one or two verbatim sentences carrying the figures and names, at most 400 characters', async () => {
    const { articles } = await loadCorpus('corpus');
    const engine = Engine.fromArticles(articles);
    const d = engine.digest(new Date('2000-01-01'), new Date('2100-01-01'));
    expect(d.count).toBe(articles.length);
    for (const item of d.articles) {
      const body = articles.find((a) => a.id === item.article.id)!.body.replace(/\s+/g, ' ');
      expect(item.highlights.length).toBeGreaterThanOrEqual(1);
      expect(item.highlights.length).toBeLessThanOrEqual(2);
      for (const h of item.highlights) {
        expect(h.length).toBeLessThanOrEqual(400);
        expect(body).toContain(h);
      }
      expect(item.topics.length).toBeGreaterThan(0);
    }
    const hyperion = d.articles.find((a) => a.article.id === 'meta-datacenters-superintelligence-startups')!;
    expect(hyperion.highlights.join(' ')).toMatch(/Hyperion|600 000/);
    expect(hyperion.topics).toContain('Meta');
    const text = renderDigest(d);
    expect(text.split('\n')[0]).toMatch(/^\*\*Digest for .* · 5 new articles\*\*$/);
    expect(text).toContain(`« ${hyperion.highlights[0]} »`);
  });

  it('`veille digest --since 2026-01-01 --json` prints the Digest with articles of {article, highlights}', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'digest', '--since', '2026-01-01', '--json'], {
      encoding: 'utf8',
      // Its index snapshot goes to a folder of its own, never the checkout's data/.
      env: { ...process.env, CORPUS_DIR: 'corpus', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'veille-digest-cli-')) },
    });
    const d = JSON.parse(out);
    expect(d.since).toBe('2026-01-01T00:00:00.000Z');
    expect(d.articles.length).toBe(d.count);
    for (const a of d.articles) {
      expect(Object.keys(a.article).sort()).toEqual(['date', 'id', 'source', 'title', 'url']);
      expect(a.highlights.length).toBeGreaterThan(0);
    }
    expect(() => execFileSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'digest', '--since', 'yesterday'], { stdio: 'pipe' })).toThrow(
      /--since wants a date like 2026-01-01/,
    );
  });
});
