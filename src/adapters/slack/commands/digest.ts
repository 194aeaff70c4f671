// /digest subscribe <HH:MM> [<time zone>] | unsubscribe | status | preview. Every reply is private.
// Who may change a channel's digest: workspace admins and owners (read with users.info, which
// needs the users:read scope), and the users listed in SLACK_DIGEST_ADMINS. Anyone may see the
// status and a preview. Without a time zone, the subscriber's own (from their Slack profile) is used.
import { statusLines, TIME_EXAMPLE, TIMEZONE_EXAMPLE } from '../../common/digest.js';
import { formatLocal } from '../../../digest/schedule.js';
import { digestMessages, plainMessage, type SlackMessage } from '../blocks.js';
import type { CommandModule, CommandRequest, SlackServices } from '../handler.js';
import { escapeMrkdwn } from '../mrkdwn.js';

const PLATFORM = 'slack';
const SUBSCRIBE_EXAMPLE = `/digest subscribe ${TIME_EXAMPLE} ${TIMEZONE_EXAMPLE}`;

export const DIGEST_USAGE =
  `Usage: \`${SUBSCRIBE_EXAMPLE}\` (every day at 09:00 Paris time, in this channel), ` +
  '`/digest unsubscribe`, `/digest status`, `/digest preview`.';

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
    const service = services.digest;
    if (!service) return request.ack(plainMessage('Daily digests are not enabled on this bot.'));
    const channel = request.channelId;
    if (!channel) return request.ack(plainMessage('Use /digest in a channel.'));
    const [sub = '', ...args] = request.text.trim().split(/\s+/).filter(Boolean);

    switch (sub.toLowerCase()) {
      case 'subscribe':
      case 'unsubscribe': {
        await request.ack();
        const who = await member(request, services);
        if (!who.allowed) {
          const why = who.problem ? ` (I could not check your role: ${escapeMrkdwn(who.problem)})` : '';
          return request.respond(
            text(
              `Only workspace admins and owners, or the people listed in SLACK_DIGEST_ADMINS, may change this channel's digest${why}. ` +
                '`/digest status` and `/digest preview` are open to everyone.',
            ),
          );
        }
        if (sub.toLowerCase() === 'unsubscribe') {
          const removed = service.unsubscribe(PLATFORM, channel);
          return request.respond(text(removed ? 'Unsubscribed: no more daily digest in this channel.' : 'This channel had no daily digest.'));
        }
        const [time = '', zone] = args;
        const timezone = zone ?? who.tz ?? '';
        const result = service.subscribe({ platform: PLATFORM, channel, time, timezone, createdBy: request.userId });
        if (!result.ok) return request.respond(text(`${escapeMrkdwn(result.error)}\nFor example: \`${SUBSCRIBE_EXAMPLE}\``));
        const { subscription: s, next } = result;
        const first = next ? ` First digest: ${escapeMrkdwn(formatLocal(next, s.timezone))}.` : '';
        return request.respond(
          text(`Subscribed: the digest of new articles will be posted in this channel every day at *${s.time}* (${escapeMrkdwn(s.timezone)}).${first}`),
        );
      }
      case 'status': {
        const lines = statusLines(service.status(PLATFORM, channel), `\`${SUBSCRIBE_EXAMPLE}\``);
        return request.ack(text(lines.map((l) => (l.includes('`') ? l : escapeMrkdwn(l))).join('\n')));
      }
      case 'preview': {
        await request.ack();
        const digest = service.preview(PLATFORM, channel);
        const messages = digestMessages(digest);
        if (digest.count === 0 && service.quietDay === 'skip')
          messages[0].blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Nothing would be posted: quiet days are skipped.' }] });
        for (const m of messages) await request.respond(m);
        return;
      }
      default:
        return request.ack(plainMessage(DIGEST_USAGE.replace(/`/g, '')));
    }
  },
};
