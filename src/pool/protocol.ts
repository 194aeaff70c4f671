// The messages between the answer pool and its workers.
import type { Article } from '../core/article.js';
import type { AskOptions, DigestOptions } from '../core/types.js';
import type { PreviousTurn } from '../core/conversation.js';

/** Where a worker gets its engine: the corpus folder (and the index snapshot in dataDir), or articles. */
export type EngineSource = { corpusDir: string; dataDir: string | null } | { articles: Article[] };

export type WorkerRequest = { id: number } & (
  | { op: 'ask'; question: string; options?: AskOptions }
  | { op: 'sources'; topic: string }
  | { op: 'suggestTopics'; prefix: string; limit?: number }
  | { op: 'articles' }
  | { op: 'digest'; since: string; until: string; options?: DigestOptions }
  | { op: 'resolve'; text: string; history: PreviousTurn[] }
  | { op: 'upsert'; article: Article }
  | { op: 'remove'; articleId: string }
);

export type WorkerReply =
  | { type: 'ready'; articles: number; warnings: string[]; index: { from: 'snapshot' | 'build'; seconds: number } | null }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; message: string };
