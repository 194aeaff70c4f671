// corpus/: one Markdown file per article, a YAML front matter then the clean body.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';
import type { Article } from './article.js';

const partialDate = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, { message: 'must be an ISO date like 2025-07-18, or a partial one like 2025-01', abort: true })
  .refine((d) => {
    const [y, m = 1, day = 1] = d.split('-').map(Number);
    const date = new Date(Date.UTC(y, m - 1, day));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === day;
  }, 'is not a real calendar date');

export const frontMatterSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a slug: lower-case letters, digits and hyphens'),
  title: z.string().trim().min(1, 'must not be empty'),
  source: z.string().trim().min(1, 'must not be empty (use null when unknown)').nullable(),
  url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL or null' }).nullable(),
  date: partialDate.nullable(),
  // fr and en are analysed with their stemmers; any other language is indexed unstemmed.
  lang: z.string().regex(/^[a-z]{2,3}$/, 'must be a language code such as fr, en or de (ISO 639-1; ISO 639-3 for a language without one)'),
  added: z.iso.datetime({ offset: true, message: 'must be an ISO timestamp like 2025-07-18T09:00:00Z' }),
});

export interface CorpusProblem {
  file: string;
  /** The front-matter field at fault, when there is one. */
  field?: string;
  message: string;
}

export class CorpusFileError extends Error {
  constructor(readonly problems: CorpusProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'CorpusFileError';
  }
}

export function formatProblem(p: CorpusProblem): string {
  return `${p.file}: ${p.field ? `field "${p.field}" ` : ''}${p.message}`;
}

const FRONT_MATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/** One line of the front matter serializeArticle writes: a plain key, then a double-quoted string with JSON's escapes, or null. */
const WRITTEN_FIELD = /^([a-z]+): (?:"((?:[^"\\\u0000-\u001f]|\\["\\bfnrt]|\\u[0-9a-fA-F]{4})*)"|(null))$/;

/**
 * The front matter as veille writes it (`veille ingest`, serializeArticle), read without the YAML
 * parser, which took two thirds of the time of reading an article (at 100,000 articles, ~8 s of a
 * build and of the watcher's start). Such a line means the same in YAML and in JSON; anything else
 * (a comment, a plain or single-quoted value, a repeated key) returns null for the YAML parser.
 */
export function writtenFrontMatter(text: string): Record<string, string | null> | null {
  const fields: Record<string, string | null> = {};
  for (const line of text.split('\n')) {
    const m = WRITTEN_FIELD.exec(line);
    if (!m || Object.hasOwn(fields, m[1])) return null;
    fields[m[1]] = m[3] ? null : (JSON.parse(`"${m[2]}"`) as string);
  }
  return fields;
}

/** Parses one corpus file; throws a CorpusFileError naming the file and every bad field. */
export function parseArticle(file: string, content: string): Article {
  const m = FRONT_MATTER.exec(content);
  if (!m) throw new CorpusFileError([{ file, message: 'has no front matter (a block between --- lines at the top)' }]);
  let data: unknown;
  try {
    data = writtenFrontMatter(m[1]) ?? parseYaml(m[1]);
  } catch (e) {
    throw new CorpusFileError([{ file, message: `has front matter that is not valid YAML: ${(e as Error).message.split('\n')[0]}` }]);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new CorpusFileError([{ file, message: 'has front matter that is not a set of fields' }]);
  const result = frontMatterSchema.safeParse(data);
  if (!result.success)
    throw new CorpusFileError(
      result.error.issues.map((i) => ({
        file,
        field: i.path.length ? i.path.join('.') : (i as { keys?: string[] }).keys?.join(', '),
        message: i.code === 'invalid_type' && i.input === undefined ? 'is missing' : i.message,
      })),
    );
  const body = m[2].replace(/\r\n/g, '\n').trim();
  if (!body) throw new CorpusFileError([{ file, message: 'has an empty body' }]);
  return { ...result.data, body };
}

/** Writes an article back in the corpus format. */
export function serializeArticle(article: Article): string {
  const { body, ...meta } = article;
  const fields = { id: meta.id, title: meta.title, source: meta.source, url: meta.url, date: meta.date, lang: meta.lang, added: meta.added };
  return `---\n${stringifyYaml(fields, { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' })}---\n\n${body.trim()}\n`;
}

export interface LoadedCorpus {
  articles: Article[];
  problems: CorpusProblem[];
}

/** A corpus file as read from disk: its content (and when it last changed), or why it could not be read. */
export type CorpusFile = { file: string; content: string; mtimeMs?: number } | { file: string; error: Error };

/** Largest corpus file read by default: a long article is ~100 KB; 2 MB leaves room and bounds a reindex. */
export const DEFAULT_CORPUS_FILE_LIMIT = 2 * 1024 * 1024;

/** CORPUS_MAX_FILE_BYTES (validated with the rest of the configuration at start), else the default. */
export function corpusFileLimit(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.CORPUS_MAX_FILE_BYTES?.trim() || NaN);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_CORPUS_FILE_LIMIT;
}

/** Control characters other than tab, line feed and carriage return: no article text holds them. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const KINDS: [keyof import('node:fs').Stats, string][] = [
  ['isFIFO', 'a FIFO'],
  ['isSocket', 'a socket'],
  ['isCharacterDevice', 'a character device'],
  ['isBlockDevice', 'a block device'],
  ['isDirectory', 'a folder'],
];

/**
 * Reads one corpus file: a regular file only (opened without blocking, then checked on the open
 * descriptor, so a FIFO can neither hang the read nor be swapped in after a check), at most
 * `maxBytes`, UTF-8 without NUL or other control characters. Throws a CorpusFileError saying why.
 * With `headBytes`, reads only that much of the start (`whole` says whether that was all of it).
 */
export function readCorpusFile(file: string, maxBytes = corpusFileLimit(), headBytes = Infinity): { content: string; size: number; mtimeMs: number; whole: boolean } {
  const problem = (message: string) => new CorpusFileError([{ file, message }]);
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      const kind = KINDS.find(([test]) => (st[test] as () => boolean).call(st))?.[1] ?? 'not a regular file';
      throw problem(`is ${kind}, not a regular file: skipped`);
    }
    if (st.size > maxBytes)
      throw problem(`is too large: ${formatSize(st.size)} (limit ${formatSize(maxBytes)}, CORPUS_MAX_FILE_BYTES): skipped`);
    // `headBytes`: only the start of the file (its front matter), for the watcher's look at every file.
    const length = Math.min(st.size, headBytes);
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const n = readSync(fd, buffer, read, length - read, read);
      if (n === 0) break;
      read += n;
    }
    const content = buffer.subarray(0, read).toString('utf8');
    const bad = CONTROL.exec(content);
    if (bad) {
      const line = content.slice(0, bad.index).split('\n').length;
      const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      throw problem(`holds a control character (U+${code}${code === '0000' ? ', NUL' : ''}) on line ${line}: not a text article`);
    }
    return { content, size: st.size, mtimeMs: st.mtimeMs, whole: read === st.size };
  } finally {
    closeSync(fd);
  }
}

function formatSize(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}

/**
 * Reads every `*.md` of a folder (sorted by name), without parsing them; fails with a problem when
 * the folder itself cannot be read. Synchronous reads: for thousands of small files they take a
 * third of the time of promise-based ones, and nothing else runs while the corpus loads.
 */
/** The names of a corpus folder's article files, sorted (hidden files and other extensions left out). */
export async function corpusFileNames(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter(isCorpusFileName).sort();
}

/** A corpus article's file name: `*.md`, not hidden (atomic writes' temporary files are dot-files). */
export const isCorpusFileName = (name: string) => name.endsWith('.md') && !name.startsWith('.');

export async function readCorpusFiles(dir: string, maxBytes = corpusFileLimit()): Promise<{ files: CorpusFile[]; problem?: CorpusProblem }> {
  let names: string[];
  try {
    names = await corpusFileNames(dir);
  } catch (e) {
    return { files: [], problem: { file: dir, message: `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` } };
  }
  const files = names.map((name): CorpusFile => {
    const file = path.join(dir, name);
    try {
      const { content, mtimeMs } = readCorpusFile(file, maxBytes);
      return { file, content, mtimeMs };
    } catch (e) {
      return { file, error: e as Error };
    }
  });
  return { files };
}

/**
 * Parses corpus files as read; a bad file is reported and skipped, never fatal. When two files
 * share an id, the older one is served and the newer one reported as the duplicate: earlier
 * `added`, then earlier modification time, then file name.
 */
export function parseCorpusFiles(files: CorpusFile[]): LoadedCorpus {
  const parsed: { article: Article; file: string; mtimeMs: number; order: number }[] = [];
  const problems: CorpusProblem[] = [];
  files.forEach((entry, order) => {
    const { file } = entry;
    try {
      if ('error' in entry) throw entry.error;
      parsed.push({ article: parseArticle(file, entry.content), file, mtimeMs: entry.mtimeMs ?? 0, order });
    } catch (e) {
      if (e instanceof CorpusFileError) problems.push(...e.problems);
      else problems.push({ file, message: `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    }
  });
  const older = [...parsed].sort((a, b) => olderFirst({ added: a.article.added, ...a }, { added: b.article.added, ...b }));
  const owner = new Map<string, string>();
  const duplicates = new Set<string>();
  for (const p of older) {
    const first = owner.get(p.article.id);
    if (first) {
      problems.push({ file: p.file, field: 'id', message: `"${p.article.id}" is already used by ${first}` });
      duplicates.add(p.file);
    } else owner.set(p.article.id, p.file);
  }
  // Articles in file order, as before.
  return { articles: parsed.filter((p) => !duplicates.has(p.file)).map((p) => p.article), problems };
}

/** Of two files with one id, the one served: earlier `added`, then earlier modification time, then file order. */
export function olderFirst(a: { added: string; mtimeMs: number; order: number }, b: { added: string; mtimeMs: number; order: number }): number {
  return Date.parse(a.added) - Date.parse(b.added) || a.mtimeMs - b.mtimeMs || a.order - b.order;
}

/** Loads every `*.md` of a folder; a bad file is reported and skipped, never fatal. */
export async function loadCorpus(dir: string): Promise<LoadedCorpus> {
  const { files, problem } = await readCorpusFiles(dir);
  return problem ? { articles: [], problems: [problem] } : parseCorpusFiles(files);
}
