// The question in a chat message: the text without mention markup, on both platforms.
import { describe, expect, it } from 'vitest';
import { withoutMention } from '../../../src/adapters/discord/mentions.js';
import { questionText } from '../../../src/adapters/slack/mentions.js';

describe('the question in a message', () => {
  it('Discord: drops the bot mention and other mention markup, keeps the words', () => {
    expect(withoutMention('<@900> how big is Hyperion', '900')).toBe('how big is Hyperion');
    expect(withoutMention('<@!900>   and <@123> <#456> <@&789> @everyone Prometheus?', '900')).toBe('and Prometheus?');
    expect(withoutMention('<@900>', '900')).toBe('');
  });

  it('Slack: drops mentions, keeps link labels, undoes the escapes', () => {
    expect(questionText('<@UBOT> how big is Hyperion')).toBe('how big is Hyperion');
    expect(questionText('<@UBOT|veille> <!here> R&amp;D at <https://meta.com|Meta> &lt;3 <#C1|general>')).toBe('R&D at Meta <3');
  });
});
