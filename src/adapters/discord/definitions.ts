// The slash commands as Discord's JSON, with French localizations: what `registerDiscordCommands`
// sends, and the names the router dispatches on. One constant per command; add new ones to the list.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { messages } from '../common/messages.js';

export type CommandDefinition = RESTPostAPIChatInputApplicationCommandsJSONBody;

// The examples in the option descriptions are the catalogue's, so that help and hints agree.
const en = messages('en');
const fr = messages('fr');

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
      description: `Your question, e.g. "${en.askExample}".`,
      description_localizations: { fr: `Votre question, par exemple « ${fr.askExample} ».` },
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

export const TIMEZONE_MAX_LENGTH = 64;

/**
 * /digest subscribe|unsubscribe|status|preview. Servers only; shown by default to members with
 * Manage Channels (server admins can change that in Server Settings → Integrations), and the
 * handler checks the permission again before changing a subscription.
 */
export const digestCommand = {
  type: ApplicationCommandType.ChatInput,
  name: 'digest',
  name_localizations: { fr: 'résumé' },
  description: 'A daily digest of the new articles, posted in this channel.',
  description_localizations: { fr: 'Un résumé quotidien des nouveaux articles, publié dans ce salon.' },
  contexts: [InteractionContextType.Guild],
  integration_types,
  default_member_permissions: PermissionFlagsBits.ManageChannels.toString(),
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'subscribe',
      name_localizations: { fr: 'abonner' },
      description: 'Post the digest in this channel every day at a time (needs Manage Channels).',
      description_localizations: { fr: 'Publier le résumé dans ce salon chaque jour à une heure (Gérer les salons).' },
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'time',
          name_localizations: { fr: 'heure' },
          description: 'Time of day, 24-hour HH:MM, e.g. 09:00.',
          description_localizations: { fr: 'Heure de la journée, HH:MM sur 24 heures, par exemple 09:00.' },
          required: true,
          max_length: 5,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'timezone',
          name_localizations: { fr: 'fuseau' },
          description: 'Time zone, e.g. Europe/Paris.',
          description_localizations: { fr: 'Fuseau horaire, par exemple Europe/Paris.' },
          required: true,
          max_length: TIMEZONE_MAX_LENGTH,
          autocomplete: true,
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'unsubscribe',
      name_localizations: { fr: 'désabonner' },
      description: 'Stop the daily digest in this channel (needs Manage Channels).',
      description_localizations: { fr: 'Arrêter le résumé quotidien dans ce salon (Gérer les salons).' },
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'status',
      name_localizations: { fr: 'état' },
      description: 'The digest of this channel: next run, last run and how it went.',
      description_localizations: { fr: 'Le résumé de ce salon : prochain envoi, dernier envoi et son résultat.' },
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'preview',
      name_localizations: { fr: 'aperçu' },
      description: 'See, privately, the digest that would be posted now.',
      description_localizations: { fr: 'Voir, en privé, le résumé qui serait publié maintenant.' },
    },
  ],
} satisfies CommandDefinition;

/** Every command, in registration order. */
export const commandDefinitions: CommandDefinition[] = [askCommand, sourcesCommand, digestCommand];
