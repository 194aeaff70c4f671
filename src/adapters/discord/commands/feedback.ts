// 👍 / 👎 under every answer: records the vote (once per user and answer; a second click changes
// it) and thanks the clicker privately. The custom_id is `fb:up|down:<answer id>`.
import { MessageFlags } from 'discord.js';
import { hashUser } from '../../../state/conversation-store.js';
import { FEEDBACK_BUTTONS } from '../answer.js';
import { escapeDiscord } from '../markdown.js';
import { textMessage } from '../render.js';
import { catalogueFor, type ButtonModule } from './command.js';

export const feedback: ButtonModule = {
  buttonPrefix: FEEDBACK_BUTTONS,
  async button(interaction, action, args, ctx) {
    if (action !== 'up' && action !== 'down') throw new Error(`unknown feedback action: ${action}`);
    const outcome = await ctx.store.vote(args[0] ?? '', hashUser('discord', interaction.user.id), action);
    const m = catalogueFor(interaction, (await ctx.store.answer(args[0] ?? ''))?.question);
    const text = outcome === null ? m.buttonExpired : outcome === 'changed' ? m.voteChanged : m.thanksNoted;
    ctx.logger.info({ answer: args[0], vote: action, outcome }, 'discord: feedback');
    await interaction.reply({ ...textMessage(escapeDiscord(text)), flags: MessageFlags.Ephemeral });
  },
};
