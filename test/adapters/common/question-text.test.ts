// The question in a chat message: the text without mention markup, on both platforms.
import { describe, expect, it } from 'vitest';
import { withoutMention, withoutMentionMarkup } from '../../../src/adapters/discord/mentions.js';
import { questionText } from '../../../src/adapters/slack/mentions.js';

describe('the question in a message', () => {
  it('Discord: drops the bot mention and other mention markup, keeps the words', () => {
    expect(withoutMention('<@900> how big is Hyperion')).toBe('how big is Hyperion');
    expect(withoutMention('<@!900>   and <@123> <#456> <@&789> @everyone Prometheus?')).toBe('and Prometheus?');
    expect(withoutMention('<@900>')).toBe('');
  });

  it('Discord: a slash command option loses the markup of a mention picked from the pop-up, not its words', () => {
    expect(withoutMentionMarkup('how big is Hyperion <@123456789012345678>')).toBe('how big is Hyperion');
    expect(withoutMentionMarkup('<#456> llama 4 <@&789> <@!12>')).toBe('llama 4');
    // Plain text stays as typed (the answer defuses @everyone when it shows the question).
    expect(withoutMentionMarkup('cost @everyone <3')).toBe('cost @everyone <3');
  });

  it('Slack: drops mentions, keeps link labels, undoes the escapes', () => {
    expect(questionText('<@UBOT> how big is Hyperion')).toBe('how big is Hyperion');
    expect(questionText('<@UBOT|veille> <!here> R&amp;D at <https://meta.com|Meta> &lt;3 <#C1|general>')).toBe('R&D at Meta <3');
  });
});
