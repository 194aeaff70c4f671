// /sources topic:<text> with autocomplete over the topics the articles cover.
import { sourcesCommand } from '../definitions.js';
import { withoutMentionMarkup } from '../mentions.js';
import { LIMITS, renderSources } from '../render.js';
import { replyInTime } from '../reply.js';
import { catalogueFor, withinRateLimit, type DiscordCommand } from './command.js';

export const sources: DiscordCommand = {
  definition: sourcesCommand,

  async execute(interaction, ctx) {
    const topic = withoutMentionMarkup(interaction.options.getString('topic', true));
    if (!(await withinRateLimit(interaction, ctx))) return;
    await replyInTime(interaction, { ephemeral: false, deferAfterMs: ctx.deferAfterMs, retryBaseMs: ctx.retryBaseMs, logger: ctx.logger }, async () =>
      renderSources(await ctx.engine.sources(topic), catalogueFor(interaction, topic)),
    );
  },

  async autocomplete(interaction, ctx) {
    // Discord shows nothing if we take longer than 3 s; the engine answers from memory in ms.
    const typed = interaction.options.getFocused();
    const topics = await ctx.engine.suggestTopics(typed.slice(0, LIMITS.choiceValue), LIMITS.choices);
    const seen = new Set<string>();
    const choices: { name: string; value: string }[] = [];
    for (const topic of topics) {
      const value = topic.slice(0, LIMITS.choiceValue);
      if (!value.trim() || seen.has(value)) continue;
      seen.add(value);
      choices.push({ name: topic.slice(0, LIMITS.choiceName), value });
      if (choices.length === LIMITS.choices) break;
    }
    await interaction.respond(choices);
  },
};
