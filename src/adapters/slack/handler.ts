// The platform-light surface command and action modules are written against, so each module only
// says what it answers; the router turns Bolt's listener arguments into these.
import type { webApi } from '@slack/bolt';
import type { Answers } from '../common/adapter.js';
import type { Logger } from '../../log.js';
import type { RateLimiter } from '../common/ratelimit.js';
import type { SlackCommandNames, SlackMessage } from './blocks.js';
import type { Deliveries } from './dedupe.js';
import type { DigestService } from '../../digest/runner.js';
import type { ConversationState } from '../../state/store.js';
import type { FollowUps } from '../common/adapter.js';
import { catalogue, type SlackLocales } from './locale.js';
import type { Messages } from '../common/messages.js';

export interface SlackServices {
  engine: Answers;
  logger: Logger;
  rateLimiter: RateLimiter;
  deliveries: Deliveries;
  /** Hosts a response_url may point to (SLACK_RESPONSE_URL_HOSTS); default Slack's and GovSlack's. */
  responseUrlHosts?: string[];
  /** The daily digests (/digest), when the bot runs them. */
  digest?: DigestService;
  /** Users who may change a channel's digest besides workspace admins and owners (SLACK_DIGEST_ADMINS). */
  digestAdmins?: string[];
  /** Answers (for their feedback), thread turns and votes. */
  store: ConversationState;
  /** Reads follow-ups with their thread; null when the engine cannot analyse questions. */
  conversation: FollowUps | null;
  locales: SlackLocales;
  /** The commands' names in this workspace (SLACK_COMMAND_*): bound by the router, named in replies. */
  commandNames: SlackCommandNames;
}

/** Who asked, where. */
export interface Requester {
  userId: string;
  teamId: string | undefined;
  channelId: string | undefined;
}

export interface ReplyOptions {
  /** Public in the channel instead of visible to the requester only (default false). */
  inChannel?: boolean;
  /** Replace the message whose button was pressed instead of adding one (default false). */
  replaceOriginal?: boolean;
}

export interface CommandRequest extends Requester {
  /** The text after the command name. */
  text: string;
  /** Acknowledges within Slack's 3 s, optionally with a private reply. Call once, before slow work. */
  ack(reply?: SlackMessage): Promise<void>;
  /** Replies through the response_url (private unless told otherwise). */
  respond(message: SlackMessage, options?: ReplyOptions): Promise<void>;
  /** The Web API, authorised as the bot. */
  client: webApi.WebClient;
}

export interface CommandModule {
  /** The slash command, as declared in slack/manifest.yml. */
  readonly command: `/${string}`;
  handle(request: CommandRequest, services: SlackServices): Promise<void>;
}

export interface ActionRequest extends Requester {
  /** The pressed button's value. */
  value: string | undefined;
  respond(message: SlackMessage, options?: ReplyOptions): Promise<void>;
  /** The Web API, authorised as the bot. */
  client: webApi.WebClient;
}

export interface ActionModule {
  readonly actionId: string;
  /** Actions are acknowledged by the router before `handle` runs (no body is ever needed). */
  handle(request: ActionRequest, services: SlackServices): Promise<void>;
}

/** The catalogue for a requester, from the locale already known (no API call: fit for an acknowledgement). */
export function quickCatalogue(services: SlackServices, r: Requester, text?: string): Messages {
  return catalogue(services.locales.cached(r.userId), text);
}

/** The catalogue for a requester, asking Slack for their locale if need be (after the acknowledgement). */
export async function userCatalogue(services: SlackServices, r: Requester & { client: webApi.WebClient }, text?: string): Promise<Messages> {
  return catalogue(await services.locales.lookup(r.client, r.userId, services.logger), text);
}

/** The rate limiter's key: one budget per Slack user, shared with no other platform. */
export function rateKey(r: Requester): string {
  return `slack:${r.teamId ?? '-'}:${r.userId}`;
}

/** Lets pending I/O (the acknowledgement just written) go out before synchronous engine work. */
export function yieldToIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
