// The small surface every platform adapter offers the rest of the bot (after Vercel's Chat SDK):
// the process starts and stops adapters without knowing which platform each one speaks.
import type { AnswerEngine } from '../../core/types.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import type { RateLimiter } from './ratelimit.js';
import type { DigestDelivery, DigestService } from '../../digest/runner.js';
import { ConversationStore } from '../../state/conversation-store.js';
import { promised, type ConversationState } from '../../state/store.js';
import { Conversation } from '../../core/conversation.js';
import type { StateStore } from '../../state/store.js';
import type { Health } from '../../ops/health.js';

export interface AdapterContext {
  config: Config;
  engine: AnswerEngine;
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
export function conversationParts(ctx: AdapterContext): { store: ConversationState; conversation: Conversation | null } {
  const store = ctx.conversations ?? ctx.state?.conversations ?? promised(new ConversationStore(':memory:'));
  const engine = ctx.engine;
  const conversation = engine.analyse ? new Conversation((text) => engine.analyse!(text)) : null;
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
