// Messages addressed to the bot in Slack: an `app_mention` in a channel, any message in its DM
// (`message.im`), and a reply in a thread it answered in (needs `message.channels` /
// `message.groups`, optional: without them, a reply there must mention it). The reply goes in
// the thread under the question (thread_ts), in Block Kit like /ask's, public where the question
// was. A follow-up is read with the thread's earlier questions. Bots, itself included, are ignored.
import { observeCommand } from '../common/observe.js';
import type { App, webApi } from '@slack/bolt';
import { isSmallTalk } from '../../core/conversation.js';
import { rateLimitMessage } from '../common/ratelimit.js';
import { errorRef } from '../common/text.js';
import type { Messages } from '../common/messages.js';
import { saveAnswer } from './answers.js';
import { answerMessage, helpMessage, plainMessage, type SlackMessage } from './blocks.js';
import { rateKey, yieldToIo, type SlackServices } from './handler.js';
import { catalogue } from './locale.js';

const PLATFORM = 'slack';

/** The fields of a message or app_mention event this module reads. */
interface MessageEvent {
  type: string;
  subtype?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
  channel_type?: string;
}

/**
 * The question in a message: its text without mention markup (the bot, other users, channels,
 * `<!here>`), a link kept as its label or address, and Slack's escapes undone.
 */
export function questionText(text: string): string {
  return text
    .replace(/<[@#!][^>]*>/g, ' ')
    .replace(/<([^>|]+)\|([^>]*)>/g, '$2')
    .replace(/<([^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Where a conversation's turns are kept: the whole DM, or the thread of a channel message. */
function conversationKey(event: MessageEvent, isDm: boolean): string {
  return isDm ? event.channel : `${event.channel}:${event.thread_ts ?? event.ts}`;
}

export function routeMentions(app: App, services: SlackServices, track: (work: Promise<void>) => Promise<void>): void {
  const { logger, store } = services;

  const answer = async (event: MessageEvent, client: webApi.WebClient, botUserId: string | undefined, teamId: string | undefined) => {
    const isDm = event.channel_type === 'im';
    const userId = event.user!;
    const text = questionText(event.text ?? '');
    const threadTs = event.thread_ts ?? event.ts;
    const post = (message: SlackMessage) =>
      client.chat.postMessage({ channel: event.channel, thread_ts: threadTs, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
    let m: Messages = catalogue(null, text);
    try {
      await yieldToIo();
      m = catalogue(await services.locales.lookup(client, userId, logger), text);
      if (isSmallTalk(text)) {
        await post(helpMessage(m, botUserId));
        return;
      }
      const decision = services.rateLimiter.take(rateKey({ userId, teamId, channelId: event.channel }));
      if (!decision.allowed) {
        logger.info({ user: userId, retryAfterMs: decision.retryAfterMs }, 'slack: rate limited');
        await post(plainMessage(rateLimitMessage(decision.retryAfterMs, m)));
        return;
      }
      const key = conversationKey(event, isDm);
      const history = await store.turns(PLATFORM, key);
      const resolved = services.conversation && history.length ? await services.conversation.resolve(text, history) : { query: text, borrowed: 'nothing' };
      // Awaited: an engine may answer from a worker.
      const result = await services.engine.ask(resolved.query);
      const feedbackId = await saveAnswer(services, result, {
        channel: event.channel,
        thread: key,
        question: text,
        query: resolved.query,
        m,
        offset: 0,
        private: false,
      });
      await post(answerMessage(result, { kind: 'thread', thread: threadTs }, 0, { m, feedbackId, names: services.commandNames }));
      await store.addTurn(PLATFORM, key, { question: text, query: resolved.query });
      logger.info({ channel: event.channel, dm: isDm, borrowed: resolved.borrowed }, 'slack: message answered');
    } catch (err) {
      const ref = errorRef();
      logger.error({ err, ref, channel: event.channel }, 'slack: message handler failed');
      await post(plainMessage(m.somethingWrong(ref))).catch((postErr: unknown) =>
        logger.error({ err: postErr, ref }, 'slack: could not report the failure to the user'),
      );
    }
  };

  /** Other bots, the bot itself, edits and system messages are never answered. */
  const fromAPerson = (event: MessageEvent, botUserId: string | undefined) =>
    !event.subtype && !event.bot_id && Boolean(event.user) && event.user !== botUserId;

  // A retry of an event we already took repeats its event_id, whichever replica it reaches.
  const firstDelivery = (body: unknown, e: MessageEvent) =>
    services.deliveries.firstAnywhere(`event:${(body as { event_id?: string }).event_id ?? e.ts}`, (err) =>
      services.logger.warn({ err }, 'slack: could not check the replicas for a repeated delivery; answering'),
    );

  app.event('app_mention', async ({ event, client, context, body }) => {
    const e = event as unknown as MessageEvent;
    if (!fromAPerson(e, context.botUserId)) return;
    if (!(await firstDelivery(body, e))) return;
    await track(observeCommand({ platform: 'slack', command: e.channel_type === 'im' ? 'dm' : 'mention', logger, context: { user: e.user } }, () => answer(e, client, context.botUserId, context.teamId)));
  });

  app.event('message', async ({ event, client, context, body }) => {
    const e = event as unknown as MessageEvent;
    if (!fromAPerson(e, context.botUserId)) return;
    const isDm = e.channel_type === 'im';
    // In a channel: only a reply in a thread the bot answered in, and not one that mentions it (app_mention has it).
    if (!isDm) {
      if (!e.thread_ts || !(await store.knowsThread(PLATFORM, conversationKey(e, false)))) return;
      if (context.botUserId && e.text?.includes(`<@${context.botUserId}`)) return;
    }
    if (!(await firstDelivery(body, e))) return;
    await track(observeCommand({ platform: 'slack', command: e.channel_type === 'im' ? 'dm' : 'mention', logger, context: { user: e.user } }, () => answer(e, client, context.botUserId, context.teamId)));
  });
}
