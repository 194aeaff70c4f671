// Corpus files: a unique slug, validated with the corpus parser, written atomically.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import slugifyText from '@sindresorhus/slugify';
import path from 'node:path';
import type { Article } from '../core/article.js';
import { CorpusFileError, parseArticle, serializeArticle } from '../core/corpus.js';
import { IngestError } from './errors.js';
import type { ArticleDraft } from './html.js';
import { writeFileAtomic } from './atomic.js';

/**
 * A slug of the title, transliterated (œ → oe, ß → ss, Greek and Cyrillic → Latin letters) by
 * @sindresorhus/slugify, lower-case, hyphens, at most ~70 characters on a word boundary. A title
 * with nothing left (Japanese, Chinese, only symbols) gets `article-` and a hash of the title, so
 * that two such titles never share a base.
 */
export function slugify(title: string): string {
  // `&` is not "and" in a French title; camel case in a title is a name (iPhone), not two words.
  const words = slugifyText(title, { customReplacements: [['&', ' ']], decamelize: false }).split('-').filter(Boolean);
  let slug = '';
  for (const w of words) {
    if (slug && slug.length + w.length + 1 > 70) break;
    slug = slug ? `${slug}-${w}` : w.slice(0, 70);
  }
  return slug || `article-${createHash('sha256').update(title.normalize('NFC')).digest('hex').slice(0, 8)}`;
}

/** `slug`, else `slug-2`, `slug-3`… : free both as an id in the corpus and as a file name. */
export function uniqueSlug(base: string, takenIds: Set<string>, dir: string): string {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!takenIds.has(candidate) && !existsSync(path.join(dir, `${candidate}.md`))) return candidate;
  }
}

/** ISO timestamp to the second, as in the corpus (`2025-07-18T09:00:00Z`). */
export const isoNow = (now: Date) => now.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Writes the draft as corpus/<slug>.md; the text is checked with parseArticle before anything is written. */
export async function writeArticle(draft: ArticleDraft, options: { dir: string; takenIds: Set<string>; now: Date }): Promise<{ article: Article; file: string }> {
  const id = uniqueSlug(slugify(draft.title), options.takenIds, options.dir);
  const file = path.join(options.dir, `${id}.md`);
  const text = serializeArticle({ id, ...draft, added: isoNow(options.now) });
  let article: Article;
  try {
    article = parseArticle(file, text);
  } catch (e) {
    if (e instanceof CorpusFileError) throw new IngestError(`would not be a valid corpus file: ${e.problems.map((p) => `${p.field ? `${p.field} ` : ''}${p.message}`).join('; ')}`);
    throw e;
  }
  await writeFileAtomic(file, text);
  options.takenIds.add(id);
  return { article, file };
}
