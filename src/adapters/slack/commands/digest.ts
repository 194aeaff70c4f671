// /digest subscribe <HH:MM> [<time zone>] | unsubscribe | status | preview. Every reply is private.
// Who may change a channel's digest: workspace admins and owners (read with users.info, which
// needs the users:read scope), and the users listed in SLACK_DIGEST_ADMINS. Anyone may see the
// status and a preview. Without a time zone, the subscriber's own (from their Slack profile) is used.
import { statusLines, TIME_EXAMPLE, TIMEZONE_EXAMPLE } from '../../common/digest.js';
import { digestMessages, plainMessage, type SlackCommandNames, type SlackMessage } from '../blocks.js';
import { quickCatalogue, userCatalogue, type CommandModule, type CommandRequest, type SlackServices } from '../handler.js';
import { subscribeProblem, type Messages } from '../../common/messages.js';
import { escapeMrkdwn } from '../mrkdwn.js';

const PLATFORM = 'slack';
/** `/digest subscribe 09:00 Europe/Paris` in code, under the command's name in this workspace, escaped. */
const subscribeExample = (names: SlackCommandNames): string =>
  `\`${escapeMrkdwn(`${names['/digest']} subscribe ${TIME_EXAMPLE} ${TIMEZONE_EXAMPLE}`)}\``;

/** The usage line, in mrkdwn. */
export function digestUsage(m: Messages, names: SlackCommandNames): string {
  const digest = escapeMrkdwn(names['/digest']);
  return escapeMrkdwn(m.digestUsage('\u0000', ['\u0001', '\u0002', '\u0003']))
    .replace('\u0000', subscribeExample(names))
    .replace('\u0001', `\`${digest} unsubscribe\``)
    .replace('\u0002', `\`${digest} status\``)
    .replace('\u0003', `\`${digest} preview\``);
}

const text = (t: string): SlackMessage => ({ text: t, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: t, verbatim: true } }] });

interface Member {
  allowed: boolean;
  /** The user's own time zone, from their profile. */
  tz?: string;
  /** Why we could not tell (users.info failed). */
  problem?: string;
}

async function member(request: CommandRequest, services: SlackServices): Promise<Member> {
  const listed = (services.digestAdmins ?? []).includes(request.userId);
  try {
    const info = await request.client.users.info({ user: request.userId });
    const u = info.user;
    return { allowed: listed || Boolean(u?.is_admin || u?.is_owner || u?.is_primary_owner), tz: u?.tz };
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error ?? (err as Error).message;
    services.logger.warn({ err, user: request.userId }, 'slack: users.info failed');
    return { allowed: listed, problem: code };
  }
}

export const digestCommand: CommandModule = {
  command: '/digest',
  async handle(request, services) {
    const quick = quickCatalogue(services, request);
    const service = services.digest;
    if (!service) return request.ack(plainMessage(quick.digestsOff));
    if (service.unavailable) return request.ack(plainMessage(quick.digestsUnavailable(service.unavailable)));
    const channel = request.channelId;
    if (!channel) return request.ack(plainMessage(quick.digestInChannel));
    const [sub = '', ...args] = request.text.trim().split(/\s+/).filter(Boolean);

    switch (sub.toLowerCase()) {
      case 'subscribe':
      case 'unsubscribe': {
        await request.ack();
        const who = await member(request, services);
        const m = await userCatalogue(services, request);
        if (!who.allowed) return request.respond(plainMessage(m.digestSlackAdminsOnly(who.problem ?? null, services.commandNames['/digest'])));
        if (sub.toLowerCase() === 'unsubscribe') {
          const removed = await service.unsubscribe(PLATFORM, channel);
          return request.respond(plainMessage(removed ? m.digestUnsubscribed : m.digestNoneHere));
        }
        const [time = '', zone] = args;
        const timezone = zone ?? who.tz ?? '';
        const problem = subscribeProblem(m, time, timezone);
        const result = problem ? null : await service.subscribe({ platform: PLATFORM, channel, time, timezone, createdBy: request.userId });
        if (!result?.ok) {
          const why = problem ?? (result && !result.ok ? result.error : '');
          return request.respond(text(`${escapeMrkdwn(why)}\n${escapeMrkdwn(m.forExample('\u0000')).replace('\u0000', subscribeExample(services.commandNames))}`));
        }
        await services.store.setChannelLanguage(PLATFORM, channel, m.lang);
        const { subscription: s, next } = result;
        const first = next ? ` ${escapeMrkdwn(m.digestFirst(m.dateTime(next, s.timezone)))}` : '';
        return request.respond(text(`${escapeMrkdwn(m.digestSubscribed(s.time, s.timezone))}${first}`));
      }
      case 'status': {
        const lines = statusLines(await service.status(PLATFORM, channel), '\u0000', quick);
        return request.ack(text(lines.map((l) => escapeMrkdwn(l).replace('\u0000', subscribeExample(services.commandNames))).join('\n')));
      }
      case 'preview': {
        await request.ack();
        const m = await userCatalogue(services, request);
        const digest = await service.preview(PLATFORM, channel);
        const pages = digestMessages(digest, m);
        if (digest.count === 0 && service.quietDay === 'skip')
          pages[0].blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(m.digestQuietSkipped) }] });
        for (const page of pages) await request.respond(page);
        return;
      }
      default:
        return request.ack(text(digestUsage(quick, services.commandNames)));
    }
  },
};
