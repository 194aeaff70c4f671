// The slash commands as Discord's JSON, with French localizations: what `registerDiscordCommands`
// sends, and the names the router dispatches on. One constant per command; add new ones to the list.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';

export type CommandDefinition = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Where the commands can be used: in servers and in a DM with the bot. */
const contexts = [InteractionContextType.Guild, InteractionContextType.BotDM];
const integration_types = [ApplicationIntegrationType.GuildInstall];

export const QUESTION_MAX_LENGTH = 500;
export const TOPIC_MAX_LENGTH = 100;

export const askCommand = {
  type: ApplicationCommandType.ChatInput,
  name: 'ask',
  name_localizations: { fr: 'demander' },
  description: 'Ask a question about the news articles; the answer quotes them.',
  description_localizations: { fr: 'Poser une question sur les articles ; la réponse les cite.' },
  contexts,
  integration_types,
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'question',
      name_localizations: { fr: 'question' },
      description: 'Your question, e.g. "how big is Hyperion".',
      description_localizations: { fr: 'Votre question, par exemple « quelle est la taille d’Hyperion ».' },
      required: true,
      max_length: QUESTION_MAX_LENGTH,
    },
    {
      type: ApplicationCommandOptionType.Boolean,
      name: 'private',
      name_localizations: { fr: 'privé' },
      description: 'Only you see the answer (you can share it afterwards).',
      description_localizations: { fr: 'Vous seul voyez la réponse (vous pourrez la partager ensuite).' },
      required: false,
    },
  ],
} satisfies CommandDefinition;

export const sourcesCommand = {
  type: ApplicationCommandType.ChatInput,
  name: 'sources',
  name_localizations: { fr: 'sources' },
  description: 'List the articles that talk about a topic.',
  description_localizations: { fr: 'Lister les articles qui parlent d’un sujet.' },
  contexts,
  integration_types,
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'topic',
      name_localizations: { fr: 'sujet' },
      description: 'A topic: a company, a person, a project…',
      description_localizations: { fr: 'Un sujet : une entreprise, une personne, un projet…' },
      required: true,
      max_length: TOPIC_MAX_LENGTH,
      autocomplete: true,
    },
  ],
} satisfies CommandDefinition;

/** Every command, in registration order. */
export const commandDefinitions: CommandDefinition[] = [askCommand, sourcesCommand];
