// The small surface every platform adapter offers the rest of the bot (after Vercel's Chat SDK):
// the process starts and stops adapters without knowing which platform each one speaks.
import type { Answer, AskOptions, Sources } from '../../core/types.js';
import type { PreviousTurn, QuestionShape, ResolvedQuestion } from '../../core/conversation.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import type { RateLimiter } from './ratelimit.js';
import type { DigestDelivery, DigestService } from '../../digest/runner.js';
import { ConversationStore } from '../../state/conversation-store.js';
import { promised, type ConversationState } from '../../state/store.js';
import { Conversation } from '../../core/conversation.js';
import type { StateStore } from '../../state/store.js';
import type { Health } from '../../ops/health.js';

/**
 * What the adapters ask of the engine: the engine itself (synchronous), or the answer pool that
 * computes off the event loop (src/pool/); either may refuse with a BusyError when overloaded.
 */
export interface Answers {
  ask(question: string, options?: AskOptions): Answer | Promise<Answer>;
  sources(topic: string): Sources | Promise<Sources>;
  suggestTopics(prefix: string, limit?: number): string[] | Promise<string[]>;
  /** The engine's question analysis (in this thread), for reading follow-ups. */
  analyse?(question: string): QuestionShape;
  /** The same reading done where the engine is (the answer pool's workers). */
  resolveFollowUp?(text: string, history: PreviousTurn[]): Promise<ResolvedQuestion>;
}

/** Reads a follow-up with its thread: a `Conversation` here, or the answer pool's. */
export interface FollowUps {
  resolve(text: string, history: PreviousTurn[]): ResolvedQuestion | Promise<ResolvedQuestion>;
}

export interface AdapterContext {
  config: Config;
  engine: Answers;
  logger: Logger;
  /** Shared by all platforms: one budget of questions per user and platform. */
  rateLimiter: RateLimiter;
  /** The daily digests (the /digest commands); absent: the commands say digests are off. */
  digest?: DigestService;
  /** The state store, where replicas agree (e.g. on Slack retries already answered). */
  state?: StateStore;
  /**
   * Answers (for their buttons), thread turns and votes: the file in DATA_DIR in production;
   * absent, an in-memory store (tests that do not look at it).
   */
  conversations?: ConversationState;
  /** Where the adapter reports its connection (/healthz); absent: nowhere. */
  health?: Health;
}

/** The store to use, and a `Conversation` over the engine's question analysis when it has one. */
export function conversationParts(ctx: AdapterContext): { store: ConversationState; conversation: FollowUps | null } {
  const store = ctx.conversations ?? ctx.state?.conversations ?? promised(new ConversationStore(':memory:'));
  const engine = ctx.engine;
  const conversation: FollowUps | null = engine.analyse
    ? new Conversation((text) => engine.analyse!(text))
    : engine.resolveFollowUp
      ? { resolve: (text, history) => engine.resolveFollowUp!(text, history) }
      : null;
  return { store, conversation };
}

export interface PlatformAdapter {
  /** `discord`, `slack`, `console`. */
  readonly name: string;
  start(): Promise<void>;
  /** Closes connections; resolves when the adapter no longer holds the process open. */
  stop(): Promise<void>;
  /** How the digest scheduler posts in this platform's channels, if the platform can. */
  readonly digestDelivery?: DigestDelivery;
}
