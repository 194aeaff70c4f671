// Answers computed off the event loop: a small pool of worker threads, each holding its own engine,
// so that the main thread only acknowledges, routes and renders (Slack's 3 s ack and Discord's
// 3 s defer never wait on an answer being computed, nor on a corpus file being reindexed).
// Questions go to the least busy worker; corpus changes go to every worker, in order. The queue is
// bounded: past `queueLimit` questions waiting, a question is refused at once with a BusyError,
// which the adapters turn into "busy, try again in a moment".
import { Worker } from 'node:worker_threads';
import type { Article } from '../core/article.js';
import type { Answer, ArticleRef, AskOptions, Digest, DigestOptions, Sources } from '../core/types.js';
import type { Logger } from '../log.js';
import type { PreviousTurn, ResolvedQuestion } from '../core/conversation.js';
import type { EngineSource, WorkerReply, WorkerRequest } from './protocol.js';

export type { EngineSource } from './protocol.js';

/**
 * A worker's young generation (three semi-spaces: 4 MB ones). Left to V8, each isolate grows two
 * 16 MB semi-spaces that stay committed; a question's garbage is a few MB, and the index lives in
 * the old generation, so the smaller one costs a few more, shorter scavenges (docs/performance.md).
 */
const WORKER_HEAP = { maxYoungGenerationSizeMb: 12 };

/** Too many questions waiting: the user is asked to try again in a moment. */
export class BusyError extends Error {
  constructor() {
    super('The bot is busy: please try again in a moment.');
    this.name = 'BusyError';
  }
}

export interface AnswerPoolOptions {
  source: EngineSource;
  /** Worker threads (each holds a copy of the index). */
  size: number;
  /** Questions waiting or being answered, over all workers, before new ones are refused. */
  queueLimit: number;
  logger?: Logger;
  /** Told how the first worker got its index (a snapshot or a build) and in how many seconds. */
  onIndex?: (from: 'snapshot' | 'build', seconds: number) => void;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  /** Counts toward the queue limit (a question, not a corpus change). */
  question: boolean;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  questions: number;
}

type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class AnswerPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private stopping = false;
  private articleCount = 0;
  private indexReported = false;

  private constructor(private readonly options: AnswerPoolOptions) {}

  /** Starts the workers; resolves once every one has its engine loaded. */
  static async start(options: AnswerPoolOptions): Promise<AnswerPool> {
    const pool = new AnswerPool(options);
    // The first loads (and saves the index snapshot when there was none); the others then read it.
    for (let i = 0; i < Math.max(1, options.size); i++) pool.slots.push(await pool.spawn());
    return pool;
  }

  /** How many articles the engines hold (as of start). */
  get articles(): number {
    return this.articleCount;
  }

  /** Questions waiting or being answered. */
  get queued(): number {
    return this.slots.reduce((n, s) => n + s.questions, 0);
  }

  private spawn(): Promise<Slot> {
    const here = import.meta.url;
    // From the TypeScript sources (tests, tsx), the worker registers tsx itself first.
    const worker = here.endsWith('.ts')
      ? new Worker(
          `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(new URL('./answer-worker.ts', here).href)}); })`,
          { eval: true, workerData: this.options.source, resourceLimits: WORKER_HEAP },
        )
      : new Worker(new URL('./answer-worker.js', here), { workerData: this.options.source, resourceLimits: WORKER_HEAP });
    const slot: Slot = { worker, pending: new Map(), questions: 0 };
    return new Promise<Slot>((resolve, reject) => {
      let ready = false;
      worker.on('message', (reply: WorkerReply) => {
        if (reply.type === 'ready') {
          ready = true;
          if (!this.indexReported && reply.index) {
            this.indexReported = true;
            this.options.onIndex?.(reply.index.from, reply.index.seconds);
          }
          this.articleCount = reply.articles;
          for (const w of reply.warnings) this.options.logger?.warn(w);
          resolve(slot);
          return;
        }
        const p = slot.pending.get(reply.id);
        if (!p) return;
        slot.pending.delete(reply.id);
        if (p.question) slot.questions--;
        if (reply.type === 'result') p.resolve(reply.value);
        else p.reject(new Error(reply.message));
      });
      worker.on('error', (err) => {
        if (!ready) reject(err);
        this.options.logger?.error({ err }, 'answer pool: a worker failed');
      });
      worker.on('exit', (code) => {
        for (const p of slot.pending.values()) p.reject(new Error(`the answer worker stopped (exit code ${code})`));
        slot.pending.clear();
        slot.questions = 0;
        if (!ready || this.stopping) return;
        // A worker that died is replaced (it reloads the corpus as it is now).
        const at = this.slots.indexOf(slot);
        this.options.logger?.error({ code }, 'answer pool: a worker stopped; starting another');
        void this.spawn().then(
          (fresh) => {
            if (at >= 0 && !this.stopping) this.slots[at] = fresh;
            else void fresh.worker.terminate();
          },
          (err: unknown) => this.options.logger?.error({ err }, 'answer pool: cannot start a worker'),
        );
      });
    });
  }

  private send<T>(slot: Slot, request: Request, question: boolean): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      slot.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, question });
      if (question) slot.questions++;
      slot.worker.postMessage({ ...request, id } as WorkerRequest);
    });
  }

  /** A question to the least busy worker, or a BusyError when the queue is full. */
  private query<T>(request: Request): Promise<T> {
    if (this.stopping) return Promise.reject(new Error('the answer pool is stopped'));
    if (this.queued >= this.options.queueLimit) return Promise.reject(new BusyError());
    const slot = this.slots.reduce((best, s) => (s.questions < best.questions ? s : best));
    return this.send<T>(slot, request, true);
  }

  ask(question: string, options?: AskOptions): Promise<Answer> {
    return this.query({ op: 'ask', question, options });
  }

  sources(topic: string): Promise<Sources> {
    return this.query({ op: 'sources', topic });
  }

  suggestTopics(prefix: string, limit?: number): Promise<string[]> {
    return this.query({ op: 'suggestTopics', prefix, limit });
  }

  /** A follow-up read with its thread (the question analysis needs the index, so it runs in a worker). */
  resolveFollowUp(text: string, history: PreviousTurn[]): Promise<ResolvedQuestion> {
    return this.query({ op: 'resolve', text, history });
  }

  /** The digest is computed by a worker too, never refused (it is posted once a day). */
  digest(since: Date, until: Date, options?: DigestOptions): Promise<Digest> {
    const slot = this.slots.reduce((best, s) => (s.questions < best.questions ? s : best));
    return this.send(slot, { op: 'digest', since: since.toISOString(), until: until.toISOString(), options }, false);
  }

  listArticles(): Promise<ArticleRef[]> {
    return this.send(this.slots[0], { op: 'articles' }, false);
  }

  /** Reindexes an article in every worker (in order with the questions already sent). */
  upsert(article: Article): Promise<void> {
    return Promise.all(this.slots.map((s) => this.send<void>(s, { op: 'upsert', article }, false))).then(() => undefined);
  }

  remove(articleId: string): Promise<void> {
    return Promise.all(this.slots.map((s) => this.send<void>(s, { op: 'remove', articleId }, false))).then(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
