// Routes each interaction to its command module; a failure becomes a private "Something went
// wrong (ref XXXX)" and a log line with the same ref, never a crash.
import type { Interaction } from 'discord.js';
import { ask } from './commands/ask.js';
import type { ButtonModule, CommandContext, DiscordCommand } from './commands/command.js';
import { feedback } from './commands/feedback.js';
import { sources } from './commands/sources.js';
import { digest } from './commands/digest.js';
import { replyError } from './reply.js';
import { noteCommandFailed, observeCommand } from '../common/observe.js';

/** Every command module; a new command (e.g. /digest) is one more entry. */
export const commands: DiscordCommand[] = [ask, sources, digest];
/** Buttons of no command. */
export const buttonModules: ButtonModule[] = [feedback];

export class InteractionRouter {
  private readonly byName: Map<string, DiscordCommand>;
  private readonly byButton: Map<string, ButtonModule['button']>;

  constructor(
    private readonly ctx: CommandContext,
    modules: DiscordCommand[] = commands,
    buttons: ButtonModule[] = buttonModules,
  ) {
    this.byName = new Map(modules.map((m) => [m.definition.name, m]));
    this.byButton = new Map(buttons.map((b) => [b.buttonPrefix, b.button.bind(b)]));
    for (const m of modules) if (m.button) this.byButton.set(m.buttonPrefix ?? m.definition.name, m.button.bind(m));
  }

  /** Handles one interaction; never rejects. Each command and button press logs one line (observeCommand). */
  async handle(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) return this.dispatch(interaction);
    const command = interaction.isChatInputCommand()
      ? interaction.commandName
      : interaction.isButton()
        ? `button:${interaction.customId.split(':').slice(0, 2).join(':')}`
        : null;
    if (!command) return;
    const { interaction: id, user, guild } = describe(interaction);
    await observeCommand({ platform: 'discord', command, logger: this.ctx.logger, context: { interaction: id, user, guild } }, () => this.dispatch(interaction));
  }

  private async dispatch(interaction: Interaction): Promise<void> {
    const context = describe(interaction);
    try {
      if (interaction.isChatInputCommand()) {
        const command = this.byName.get(interaction.commandName);
        if (!command) throw new Error(`unknown command /${interaction.commandName}`);
        await command.execute(interaction, this.ctx);
      } else if (interaction.isAutocomplete()) {
        await this.byName.get(interaction.commandName)?.autocomplete?.(interaction, this.ctx);
      } else if (interaction.isButton()) {
        const [name = '', action = '', ...args] = interaction.customId.split(':');
        const button = this.byButton.get(name);
        if (!button) throw new Error(`no handler for button ${name}:${action}`);
        await button(interaction, action, args, this.ctx);
      }
    } catch (err) {
      if (interaction.isAutocomplete()) {
        // Nothing to show in an autocomplete list; Discord shows "loading failed" by itself.
        this.ctx.logger.warn({ err, ...context }, 'discord: autocomplete failed');
        if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
        return;
      }
      noteCommandFailed();
      if (interaction.isChatInputCommand() || interaction.isMessageComponent()) {
        await replyError(interaction, err, this.ctx.logger, context, this.ctx.retryBaseMs);
      }
    }
  }
}

/** What a log line says about an interaction: never its token. */
function describe(interaction: Interaction): Record<string, unknown> {
  const base = { interaction: interaction.id, user: interaction.user.id, guild: interaction.guildId ?? undefined };
  if (interaction.isChatInputCommand()) return { ...base, command: interaction.commandName };
  if (interaction.isAutocomplete()) return { ...base, autocomplete: interaction.commandName };
  if (interaction.isButton()) return { ...base, button: interaction.customId.split(':').slice(0, 2).join(':') };
  return base;
}
