// Messages addressed to the bot: a mention in a server channel, any message in a DM, a reply to
// one of its answers, and, in a thread it answered in, a message that mentions it (or every
// message, with DISCORD_THREAD_FOLLOW_UPS=all). The question is the text without the mention;
// a follow-up is read with the thread's earlier questions. In a server channel the bot starts a
// thread on the question when it may, else replies in the channel; replies never ping.
import { noteNotACommand } from '../common/observe.js';
import { ChannelType, type Message } from 'discord.js';
import { isSmallTalk } from '../../core/conversation.js';
import { chooseLanguage, messages, type Messages } from '../common/messages.js';
import { fitText, errorRef } from '../common/text.js';
import { answerPage } from './answer.js';
import { rateKey, type CommandContext } from './commands/command.js';
import { escapeDiscord } from './markdown.js';
import { textMessage, type DiscordMessage } from './render.js';

const PLATFORM = 'discord';
/** Discord's limit on a thread's name. */
const THREAD_NAME_MAX = 100;
/** A thread the bot starts is archived after a day without messages (Discord's choices: 60, 1440, 4320, 10080 minutes). */
const THREAD_ARCHIVE_MINUTES = 1440;

export interface MentionOptions {
  /** Answer every message in a thread the bot answered in, not only those that mention it. */
  followAllInThreads: boolean;
}

/**
 * The question in a message: its text without the mention of the bot, nor any other mention
 * markup (users, roles, channels, @everyone), which is not part of what is asked.
 */
export function withoutMention(content: string): string {
  // The bot's own mention is markup like any other.
  return withoutMentionMarkup(content.replace(/@(?:everyone|here)\b/g, ' '));
}

/**
 * A slash command's text without the markup of mentions (`<@id>`, `<@&id>`, `<#id>`), which Discord
 * puts in an option when the user picks someone from its pop-up: the id is no part of what is
 * asked, and the engine would read it as a figure no article gives ("not in the articles").
 */
export function withoutMentionMarkup(text: string): string {
  return text.replace(/<(?:@[!&]?|#)\d+>/g, ' ').replace(/\s+/g, ' ').trim();
}

export class MentionHandler {
  constructor(
    private readonly ctx: CommandContext,
    private readonly options: MentionOptions,
  ) {}

  /** Handles one MESSAGE_CREATE; never rejects. */
  async handle(message: Message, botId: string): Promise<void> {
    // Other bots and webhooks (and the bot itself) are never answered: no loops.
    if (message.author.bot || message.webhookId || message.system) return noteNotACommand();
    const { store } = this.ctx;
    const isDm = message.channel.type === ChannelType.DM;
    const inThread = message.channel.isThread();
    const mentioned = message.mentions.users.has(botId);
    const repliedTo = message.reference?.messageId ? await store.answerByMessage(PLATFORM, message.reference.messageId) : null;
    const knownThread = inThread && (await store.knowsThread(PLATFORM, message.channelId));
    const addressed = isDm || mentioned || repliedTo !== null || (knownThread && this.options.followAllInThreads);
    if (!addressed) return noteNotACommand();

    const text = withoutMention(message.content);
    const m = messages(chooseLanguage(null, text));
    const context = { message: message.id, channel: message.channelId, user: message.author.id, dm: isDm };
    try {
      if (isSmallTalk(text)) {
        await this.reply(message, textMessage(escapeDiscord(m.help('\u0000')).replace('\u0000', `\`@${message.client.user.username} ${m.askExample}\``)));
        return;
      }
      const decision = this.ctx.rateLimiter.take(rateKey(message.author.id));
      if (!decision.allowed) {
        this.ctx.logger.info({ ...context, retryAfterMs: decision.retryAfterMs }, 'discord: rate limited');
        await this.reply(message, textMessage(escapeDiscord(m.rateLimited(Math.max(1, Math.ceil(decision.retryAfterMs / 1000))))));
        return;
      }
      // The conversation this message belongs to: its thread, its DM, or the answer it replies to.
      let thread = repliedTo?.thread ?? (isDm || inThread ? message.channelId : null);
      const history = thread ? await store.turns(PLATFORM, thread) : [];
      const resolved = this.ctx.conversation && history.length ? await this.ctx.conversation.resolve(text, history) : { query: text, borrowed: 'nothing' };

      // In a server channel, outside any thread: a thread on the question, if the bot may start one.
      let post: (page: DiscordMessage) => Promise<Message> = (page) => this.reply(message, page);
      if (!thread && !isDm && !inThread) {
        const started = await this.startThread(message, text);
        if (started) {
          thread = started.id;
          post = (page) => started.send({ ...page, allowedMentions: { parse: [] } });
        } else {
          thread = message.id;
        }
      }
      const page = await answerPage(this.ctx, { question: text, query: resolved.query, start: 0, private: false, m, channel: message.channelId, thread });
      const sent = await post(page.message);
      if (page.record) await store.setMessageId(page.record.id, sent.id);
      await store.addTurn(PLATFORM, thread!, { question: text, query: resolved.query });
      this.ctx.logger.info({ ...context, thread, borrowed: resolved.borrowed }, 'discord: message answered');
    } catch (err) {
      await this.fail(message, err, m, context);
    }
  }

  /** A reply to `message` (message_reference) that pings nobody, not even its author. */
  private reply(message: Message, page: DiscordMessage): Promise<Message> {
    return message.reply({ ...page, allowedMentions: { parse: [], repliedUser: false } });
  }

  /** Starts a thread on the question; null where the channel or the bot's permissions do not allow one. */
  private async startThread(message: Message, text: string) {
    if (message.channel.type !== ChannelType.GuildText && message.channel.type !== ChannelType.GuildAnnouncement) return null;
    try {
      return await message.startThread({ name: fitText(text, THREAD_NAME_MAX), autoArchiveDuration: THREAD_ARCHIVE_MINUTES });
    } catch (err) {
      this.ctx.logger.info({ err, channel: message.channelId }, 'discord: could not start a thread; replying in the channel');
      return null;
    }
  }

  private async fail(message: Message, err: unknown, m: Messages, context: Record<string, unknown>): Promise<void> {
    const ref = errorRef();
    this.ctx.logger.error({ err, ref, ...context }, 'discord: message handler failed');
    try {
      await this.reply(message, textMessage(escapeDiscord(m.somethingWrong(ref))));
    } catch (replyErr) {
      this.ctx.logger.warn({ err: replyErr, ref }, 'discord: could not send the error reply');
    }
  }
}
