// What `npm publish` would ship: the licence, the docs the README links to, the compiled code
// without the benchmark (and its dev-only autocannon), and source maps that carry their sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './helpers/corpus.js';

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('the npm package', () => {
  const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  const files: string[] = JSON.parse(pack.stdout)[0].files.map((f: { path: string }) => f.path);

  it('ships the licence, .env.example and every doc the README links to, and no benchmark', () => {
    expect(readFileSync(path.join(root, 'LICENSE'), 'utf8')).toMatch(new RegExp(`^${pkg.license} License`));
    for (const f of ['LICENSE', '.env.example', 'bin/veille.js', 'dist/cli.js', 'slack/manifest.yml', 'model/answer-model.json', 'lexicon/glossary.en-fr.tsv']) expect(files).toContain(f);
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\(((?:docs\/)[^)#]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(3);
    for (const link of links) expect(files, link).toContain(link);
    expect(files.filter((f) => f.startsWith('dist/bench') || f.startsWith('src/'))).toEqual([]);
  });

  it('every shipped source map carries its sources, so that none points at an unshipped file', () => {
    const maps = files.filter((f) => f.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(10);
    for (const map of maps) {
      const { sources, sourcesContent } = JSON.parse(readFileSync(path.join(root, map), 'utf8'));
      expect(sourcesContent?.length, map).toBe(sources.length);
      for (const source of sources) {
        const shipped = path.relative(root, path.resolve(path.dirname(path.join(root, map)), source));
        if (!files.includes(shipped)) expect(sourcesContent.every((c: string | null) => typeof c === 'string'), map).toBe(true);
      }
    }
  });

  it('names a repository, homepage and bug tracker (the ingest User-Agent contact) and Node 20.12+', () => {
    expect(pkg.repository.url).toMatch(/^git\+https:\/\//);
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.bugs.url).toMatch(/^https:\/\//);
    expect(pkg.engines.node).toBe('>=20.12');
    expect(existsSync(path.join(root, pkg.bin.veille))).toBe(true);
  });
});
