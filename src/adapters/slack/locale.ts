// The language to answer a Slack user in. Slack gives a user's locale only through
// users.info with include_locale (users:read scope), never in a command or an event: it is
// looked up once the request is acknowledged, and remembered a while (a user rarely changes it).
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../log.js';
import { chooseLanguage, messages, type Messages } from '../common/messages.js';

export class SlackLocales {
  private readonly known = new Map<string, { locale: string | null; at: number }>();

  constructor(
    private readonly ttlMs = 3600_000,
    private readonly capacity = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The locale already known for a user (no API call): for replies that go out with the acknowledgement. */
  cached(userId: string): string | null {
    const hit = this.known.get(userId);
    return hit && this.now() - hit.at < this.ttlMs ? hit.locale : null;
  }

  /** The user's locale (`fr-FR`), from users.info; null when Slack does not say or cannot be asked. */
  async lookup(client: webApi.WebClient, userId: string, logger: Logger): Promise<string | null> {
    const hit = this.known.get(userId);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.locale;
    let locale: string | null = null;
    try {
      const info = await client.users.info({ user: userId, include_locale: true });
      locale = info.user?.locale ?? null;
    } catch (err) {
      logger.warn({ err, user: userId }, 'slack: users.info (locale) failed; answering in the language of the question');
    }
    if (this.known.size >= this.capacity) this.known.clear();
    this.known.set(userId, { locale, at: this.now() });
    return locale;
  }
}

/** The catalogue for a user: their Slack locale when known, else the language of their text. */
export function catalogue(locale: string | null, text?: string | null): Messages {
  return messages(chooseLanguage(locale, text));
}
