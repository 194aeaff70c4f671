// Every string a user reads, in English and French: one catalogue, so that no adapter builds a
// sentence by hand. Plain text (each platform escapes it, or marks it up around it); `{command}`
// style pieces (a slash command, a mention) are passed in already formatted by the platform.
// The excerpts themselves are never translated: they are quoted as the articles wrote them.
import { detectLanguage } from '../../core/question.js';
import { smallTalkLanguage } from '../../core/conversation.js';
import { formatLocal, parseTime, parseTimeZone, TIME_EXAMPLE, TIMEZONE_EXAMPLE } from '../../digest/schedule.js';

export type Lang = 'en' | 'fr';
export const LANGS: Lang[] = ['en', 'fr'];

/**
 * The language to answer in: the platform's locale for the user (`fr`, `fr-FR`, `en-US`) when
 * we have a catalogue for it; else the language of what they wrote; else English.
 */
export function chooseLanguage(locale: string | null | undefined, text?: string | null): Lang {
  const base = locale?.trim().toLowerCase().split(/[-_]/)[0];
  if (base === 'fr' || base === 'en') return base;
  // A greeting or thanks says its language by its words ("merci !"); a question, by its stop words.
  if (text?.trim()) return smallTalkLanguage(text) ?? detectLanguage(text);
  return 'en';
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

export interface Messages {
  lang: Lang;
  // ── answers ──
  /** Heading of a private answer: `You asked: <question>`. */
  youAsked: string;
  /** Heading of a later page: `More excerpts for: <question>`. */
  moreExcerptsFor: string;
  /** Heading of an answer in a thread, which everyone reads: the question as the bot read it. */
  questionAsRead: string;
  /** Heading of a shared answer: `<user> asked: <question>`. */
  asked: string;
  sharedMoreExcerptsFor: string;
  /** `Excerpts 1–3` / `Excerpt 4`. */
  excerptRange(from: number, to: number): string;
  moreInArticles(n: number): string;
  moreExcerptsNotShown(n: number): string;
  agree(articles: number, figure: string): string;
  notInArticles: string;
  notFoundDetail: string;
  /** `Try a topic they cover: <list>` (the list formatted by the platform). */
  tryTopics(list: string): string;
  tooLong(length: number, max: number): string;
  noMoreExcerpts: string;
  // ── sources ──
  sourcesOn(topic: string): string;
  articlesAbout(n: number): string;
  lookedUpArticlesAbout(n: number): string;
  passages(n: number): string;
  articles(n: number): string;
  articlesOfTotal(shown: number, total: number): string;
  moreArticlesNotShown(n: number): string;
  topicNotMentioned(topic: string): string;
  // ── usage and help ──
  askUsage(example: string): string;
  sourcesUsage(example: string): string;
  /** The help line for a mention or DM that is not a question. */
  help(example: string): string;
  askExample: string;
  sourcesExample: string;
  // ── buttons ──
  moreExcerpts: string;
  moreExcerptsCount(n: number): string;
  share: string;
  helpful: string;
  notHelpful: string;
  sharedBy(user: string): string;
  sharedInChannel: string;
  thanksNoted: string;
  voteChanged: string;
  buttonExpired: string;
  // ── errors and limits ──
  rateLimited(seconds: number): string;
  somethingWrong(ref: string): string;
  couldNotShare(ref: string): string;
  platformBusy(seconds: number): string;
  // ── digest ──
  digestTitle(day: string, count: number): string;
  digestNoNew(since: string): string;
  digestContinued: string;
  topics(list: string): string;
  digestsOff: string;
  digestInChannel: string;
  digestNeedsManageChannels: string;
  /** `command`: the digest command's name in this Slack workspace. */
  digestSlackAdminsOnly(problem: string | null, command: string): string;
  digestUnsubscribed: string;
  digestNoneHere: string;
  digestSubscribed(time: string, timezone: string): string;
  digestFirst(when: string): string;
  digestQuietSkipped: string;
  forExample(example: string): string;
  /** Why /digest subscribe was refused: a bad time of day, a bad time zone. */
  badTime(input: string): string;
  badTimeZone(input: string): string;
  /** `Tuesday 24 November 2026, 09:00 (Europe/Paris)`. */
  dateTime(date: Date, timeZone: string): string;
  digestUsage(subscribe: string, others: string[]): string;
  statusSubscribed(time: string, timezone: string): string;
  statusNext(when: string): string;
  statusNone(subscribe: string): string;
  statusLast(day: string, when: string, outcome: string): string;
  statusLastNone: string;
  /** The state file was damaged at start, moved aside, and replaced. */
  statusRecovered(movedAside: string): string;
  /** The day's digest could not be run (a state write failed); `retryAt` HH:MM UTC, or null: given up. */
  statusProblem(day: string, error: string, tries: number, retryAt: string | null): string;
  /** Digests cannot work at all: `reason` says why (the state file). */
  digestsUnavailable(reason: string): string;
  /** The answer queue is full. */
  busy: string;
  runDelivered(articles: number, messages: number): string;
  runNothing: string;
  runFailed(attempts: number, error: string): string;
  runInProgress(messages: number): string;
  unknownError: string;
  // ── the terminal (npx veille and its chat) ──
  /** A citation's date when the article gives none. */
  undated: string;
  /** An empty question in the terminal (no private reply, no button): the example is quoted. */
  askEmpty(example: string): string;
  /** `(2 more excerpts: /more)` under an answer. */
  moreExcerptsCommand(n: number, command: string): string;
  /** `2 articles about “llama4”:` above a topic's sources. */
  articlesAboutTopic(n: number, topic: string): string;
  /** `5 articles in the corpus:` above the list of every article (no topic). */
  articlesInCorpus(n: number): string;
  /** When a digest's article entered the corpus: `added 2026-11-23 09:00 UTC`. */
  addedAt(when: string): string;
  chatWelcome(articles: number): string;
  chatInterrupted: string;
  chatHelp: string;
  askFirst: string;
  unknownCommand(command: string): string;
}

const longDate = (day: string, locale: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
    .format(new Date(Date.UTC(y, m - 1, d)))
    .replace(',', '');
};

const en: Messages = {
  lang: 'en',
  youAsked: 'You asked',
  moreExcerptsFor: 'More excerpts for',
  questionAsRead: 'Question',
  asked: 'asked',
  sharedMoreExcerptsFor: 'shared more excerpts for',
  excerptRange: (from, to) => (from === to ? `Excerpt ${from}` : `Excerpts ${from}–${to}`),
  moreInArticles: (n) => `${n} more in the articles`,
  moreExcerptsNotShown: (n) => `${n} more ${plural(n, 'excerpt', 'excerpts')} not shown.`,
  agree: (n, figure) => `${n} articles agree on ${figure}`,
  notInArticles: 'Not in the articles.',
  notFoundDetail: 'Nothing in the corpus answers that.',
  tryTopics: (list) => `Try a topic they cover: ${list}`,
  tooLong: (length, max) => `That is ${length} characters long; please keep it under ${max}.`,
  noMoreExcerpts: 'No more excerpts on this question in the articles.',
  sourcesOn: (topic) => `Sources on ${topic}`,
  articlesAbout: (n) => `${n} ${plural(n, 'article', 'articles')} about`,
  lookedUpArticlesAbout: (n) => `looked up the ${n} ${plural(n, 'article', 'articles')} about`,
  passages: (n) => `${n} ${plural(n, 'passage', 'passages')}`,
  articles: (n) => `${n} ${plural(n, 'article', 'articles')}`,
  articlesOfTotal: (shown, total) => `${shown} of ${total} articles`,
  moreArticlesNotShown: (n) => `${n} more ${plural(n, 'article', 'articles')} not shown.`,
  topicNotMentioned: (topic) => `The articles do not mention “${topic}”.`,
  askUsage: (example) =>
    `Ask a question about the articles, for example ${example}. I answer with verbatim excerpts and their sources, privately; a button shares the answer in the channel.`,
  sourcesUsage: (example) => `Name a topic to list the articles about it, for example ${example}.`,
  help: (example) =>
    `Ask me a question about the articles, for example ${example}: I answer with verbatim excerpts and their sources. Ask a follow-up in the thread.`,
  askExample: 'how big is Hyperion',
  sourcesExample: 'Hyperion',
  moreExcerpts: 'More excerpts',
  moreExcerptsCount: (n) => `More excerpts (${n})`,
  share: 'Share in channel',
  helpful: '👍 Helpful',
  notHelpful: '👎 Not helpful',
  sharedBy: (user) => `Shared by ${user}`,
  sharedInChannel: 'Shared in the channel.',
  thanksNoted: 'Thanks, noted.',
  voteChanged: 'Thanks, your vote is changed.',
  buttonExpired: 'This answer is too old for its buttons to work. Please ask again.',
  rateLimited: (s) => `You're asking faster than I can keep up. Try again in ${s} s.`,
  somethingWrong: (ref) => `Something went wrong (ref ${ref}). Please try again in a moment.`,
  couldNotShare: (ref) => `I couldn't share this in the channel (ref ${ref}).`,
  platformBusy: (s) => `Slack is busy right now. Try sharing again in ${s} s.`,
  digestTitle: (day, count) =>
    `Digest for ${longDate(day, 'en-GB')} · ${count === 0 ? 'no new articles' : count === 1 ? '1 new article' : `${count} new articles`}`,
  digestNoNew: (since) => `No new articles since ${since}.`,
  digestContinued: 'continued',
  topics: (list) => `Topics: ${list}`,
  digestsOff: 'Daily digests are not enabled on this bot.',
  digestInChannel: 'Use /digest in a server channel.',
  digestNeedsManageChannels:
    "You need the Manage Channels permission to change this channel's digest. /digest status and /digest preview are open to everyone.",
  digestSlackAdminsOnly: (problem, command) =>
    `Only workspace admins and owners, or the people listed in SLACK_DIGEST_ADMINS, may change this channel's digest${problem ? ` (I could not check your role: ${problem})` : ''}. ${command} status and ${command} preview are open to everyone.`,
  digestUnsubscribed: 'Unsubscribed: no more daily digest in this channel.',
  digestNoneHere: 'This channel had no daily digest.',
  digestSubscribed: (time, tz) => `Subscribed: the digest of new articles will be posted in this channel every day at ${time} (${tz}).`,
  digestFirst: (when) => `First digest: ${when}.`,
  digestQuietSkipped: 'Nothing would be posted: quiet days are skipped.',
  forExample: (example) => `For example: ${example}`,
  badTime: (input) => `“${input}” is not a time of day. Use 24-hour HH:MM, e.g. ${TIME_EXAMPLE} or 18:30.`,
  badTimeZone: (input) => `“${input}” is not a time zone. Use an IANA name, e.g. ${TIMEZONE_EXAMPLE} or America/New_York.`,
  dateTime: (date, timeZone) => formatLocal(date, timeZone),
  digestUsage: (subscribe, others) => `Usage: ${subscribe} (every day at 09:00 Paris time, in this channel), ${others.join(', ')}.`,
  statusSubscribed: (time, tz) => `Daily digest in this channel: every day at ${time} (${tz}).`,
  statusNext: (when) => `Next run: ${when}.`,
  statusNone: (subscribe) => `No daily digest in this channel. Subscribe with ${subscribe}.`,
  statusLast: (day, when, outcome) => `Last run: ${day} (at ${when} UTC): ${outcome}.`,
  statusLastNone: 'Last run: none yet.',
  statusRecovered: (aside) => `The state file was damaged (moved aside to ${aside}) and a fresh one was created: subscriptions made before that are lost.`,
  statusProblem: (day, error, n, at) =>
    `Digest of ${day}: could not be run (${error}), ${n} ${plural(n, 'try', 'tries')}; ${at ? `trying again at ${at} UTC` : 'given up for the day'}.`,
  digestsUnavailable: (reason) => `Sorry, ${reason}.`,
  busy: 'The bot is busy: please try again in a moment.',
  runDelivered: (a, m) => `delivered (${a} ${plural(a, 'article', 'articles')}, ${m} ${plural(m, 'message', 'messages')})`,
  runNothing: 'no new articles, nothing posted',
  runFailed: (n, error) => `failed after ${n} ${plural(n, 'try', 'tries')}: ${error}`,
  runInProgress: (m) => (m ? `in progress (${m} ${plural(m, 'message', 'messages')} posted so far)` : 'in progress'),
  unknownError: 'unknown error',
  undated: 'undated',
  askEmpty: (example) => `Ask a question about the articles, for example “${example}”.`,
  moreExcerptsCommand: (n, command) => `(${n} more ${plural(n, 'excerpt', 'excerpts')}: ${command})`,
  articlesAboutTopic: (n, topic) => `${n} ${plural(n, 'article', 'articles')} about “${topic}”:`,
  articlesInCorpus: (n) => `${n} ${plural(n, 'article', 'articles')} in the corpus:`,
  addedAt: (when) => `added ${when}`,
  chatWelcome: (n) => `veille: ${n} ${plural(n, 'article', 'articles')}. Ask a question, or /help.`,
  chatInterrupted: '(Ctrl-C again, or /quit, to leave)',
  chatHelp: `Commands:
  /ask <question>     the sentences that answer it, cited (English or French)
  /sources <topic>    the articles about a topic, best first (empty: all articles)
  /more               more excerpts for the last question
  /help               this help
  /quit               leave (also: quit, exit, Ctrl-D, Ctrl-C twice)
A line without a command is a question.`,
  askFirst: 'Ask a question first.',
  unknownCommand: (command) => `Unknown command ${command}.`,
};

const fr: Messages = {
  lang: 'fr',
  youAsked: 'Votre question',
  moreExcerptsFor: 'Autres extraits pour',
  questionAsRead: 'Question',
  asked: 'a demandé',
  sharedMoreExcerptsFor: 'a partagé d’autres extraits pour',
  excerptRange: (from, to) => (from === to ? `Extrait ${from}` : `Extraits ${from} à ${to}`),
  moreInArticles: (n) => `${n} de plus dans les articles`,
  moreExcerptsNotShown: (n) => `${n} ${plural(n, 'autre extrait non affiché', 'autres extraits non affichés')}.`,
  agree: (n, figure) => `${n} articles s’accordent sur ${figure}`,
  notInArticles: 'Pas dans les articles.',
  notFoundDetail: 'Rien dans le corpus ne répond à cela.',
  tryTopics: (list) => `Essayez un sujet qu’ils traitent : ${list}`,
  tooLong: (length, max) => `Cela fait ${length} caractères ; merci de rester sous ${max}.`,
  noMoreExcerpts: 'Plus d’autre extrait sur cette question dans les articles.',
  sourcesOn: (topic) => `Sources sur ${topic}`,
  articlesAbout: (n) => `${n} ${plural(n, 'article', 'articles')} sur`,
  lookedUpArticlesAbout: (n) => `a cherché les ${n} ${plural(n, 'article', 'articles')} sur`,
  passages: (n) => `${n} ${plural(n, 'passage', 'passages')}`,
  articles: (n) => `${n} ${plural(n, 'article', 'articles')}`,
  articlesOfTotal: (shown, total) => `${shown} articles sur ${total}`,
  moreArticlesNotShown: (n) => `${n} ${plural(n, 'autre article non affiché', 'autres articles non affichés')}.`,
  topicNotMentioned: (topic) => `Les articles ne parlent pas de « ${topic} ».`,
  askUsage: (example) =>
    `Posez une question sur les articles, par exemple ${example}. Je réponds par des extraits cités mot pour mot avec leurs sources, en privé ; un bouton partage la réponse dans le salon.`,
  sourcesUsage: (example) => `Nommez un sujet pour lister les articles qui en parlent, par exemple ${example}.`,
  help: (example) =>
    `Posez-moi une question sur les articles, par exemple ${example} : je réponds par des extraits cités mot pour mot avec leurs sources. Pour préciser, répondez dans le fil.`,
  askExample: 'quelle est la taille d’Hyperion',
  sourcesExample: 'Hyperion',
  moreExcerpts: 'Autres extraits',
  moreExcerptsCount: (n) => `Autres extraits (${n})`,
  share: 'Partager dans le salon',
  helpful: '👍 Utile',
  notHelpful: '👎 Pas utile',
  sharedBy: (user) => `Partagé par ${user}`,
  sharedInChannel: 'Partagé dans le salon.',
  thanksNoted: 'Merci, c’est noté.',
  voteChanged: 'Merci, votre vote est modifié.',
  buttonExpired: 'Cette réponse est trop ancienne pour que ses boutons fonctionnent. Reposez la question, s’il vous plaît.',
  rateLimited: (s) => `Vous posez des questions plus vite que je ne peux suivre. Réessayez dans ${s} s.`,
  somethingWrong: (ref) => `Un problème est survenu (réf. ${ref}). Réessayez dans un instant.`,
  couldNotShare: (ref) => `Je n’ai pas pu partager ceci dans le salon (réf. ${ref}).`,
  platformBusy: (s) => `Slack est occupé en ce moment. Réessayez de partager dans ${s} s.`,
  digestTitle: (day, count) =>
    `Résumé du ${longDate(day, 'fr-FR')} · ${count === 0 ? 'aucun nouvel article' : count === 1 ? '1 nouvel article' : `${count} nouveaux articles`}`,
  digestNoNew: (since) => `Aucun nouvel article depuis ${since}.`,
  digestContinued: 'suite',
  topics: (list) => `Sujets : ${list}`,
  digestsOff: 'Les résumés quotidiens ne sont pas activés sur ce bot.',
  digestInChannel: 'Utilisez /résumé dans un salon de serveur.',
  digestNeedsManageChannels:
    'Il faut la permission Gérer les salons pour changer le résumé de ce salon. L’état et l’aperçu du résumé sont ouverts à tous.',
  digestSlackAdminsOnly: (problem, command) =>
    `Seuls les administrateurs et propriétaires de l’espace de travail, ou les personnes listées dans SLACK_DIGEST_ADMINS, peuvent changer le résumé de ce salon${problem ? ` (je n’ai pas pu vérifier votre rôle : ${problem})` : ''}. ${command} status et ${command} preview sont ouverts à tous.`,
  digestUnsubscribed: 'Désabonné : plus de résumé quotidien dans ce salon.',
  digestNoneHere: 'Ce salon n’avait pas de résumé quotidien.',
  digestSubscribed: (time, tz) => `Abonné : le résumé des nouveaux articles sera publié dans ce salon chaque jour à ${time} (${tz}).`,
  digestFirst: (when) => `Premier résumé : ${when}.`,
  digestQuietSkipped: 'Rien ne serait publié : les jours sans nouvel article sont sautés.',
  forExample: (example) => `Par exemple : ${example}`,
  badTime: (input) => `« ${input} » n’est pas une heure. Utilisez HH:MM sur 24 heures, par exemple ${TIME_EXAMPLE} ou 18:30.`,
  badTimeZone: (input) => `« ${input} » n’est pas un fuseau horaire. Utilisez un nom IANA, par exemple ${TIMEZONE_EXAMPLE} ou America/New_York.`,
  dateTime: (date, timeZone) =>
    `${new Intl.DateTimeFormat('fr-FR', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date)} (${timeZone})`,
  digestUsage: (subscribe, others) => `Usage : ${subscribe} (chaque jour à 9 h, heure de Paris, dans ce salon), ${others.join(', ')}.`,
  statusSubscribed: (time, tz) => `Résumé quotidien dans ce salon : chaque jour à ${time} (${tz}).`,
  statusNext: (when) => `Prochain envoi : ${when}.`,
  statusNone: (subscribe) => `Pas de résumé quotidien dans ce salon. Abonnez-vous avec ${subscribe}.`,
  statusLast: (day, when, outcome) => `Dernier envoi : ${day} (à ${when} UTC) : ${outcome}.`,
  statusLastNone: 'Dernier envoi : aucun pour l’instant.',
  statusRecovered: (aside) =>
    `Le fichier d’état était endommagé (mis de côté sous ${aside}) et un nouveau a été créé : les abonnements faits avant sont perdus.`,
  statusProblem: (day, error, n, at) =>
    `Résumé du ${day} : n’a pas pu être lancé (${error}), ${n} ${plural(n, 'essai', 'essais')} ; ${at ? `nouvel essai à ${at} UTC` : 'abandonné pour la journée'}.`,
  digestsUnavailable: (reason) => `Désolé, les résumés quotidiens sont indisponibles (${reason}).`,
  busy: 'Le bot est occupé : réessayez dans un instant.',
  runDelivered: (a, m) => `publié (${a} ${plural(a, 'article', 'articles')}, ${m} ${plural(m, 'message', 'messages')})`,
  runNothing: 'aucun nouvel article, rien de publié',
  runFailed: (n, error) => `échec après ${n} ${plural(n, 'essai', 'essais')} : ${error}`,
  runInProgress: (m) => (m ? `en cours (${m} ${plural(m, 'message publié', 'messages publiés')} jusqu’ici)` : 'en cours'),
  unknownError: 'erreur inconnue',
  undated: 'non daté',
  askEmpty: (example) => `Posez une question sur les articles, par exemple « ${example} ».`,
  moreExcerptsCommand: (n, command) => `(${n} ${plural(n, 'autre extrait', 'autres extraits')} : ${command})`,
  articlesAboutTopic: (n, topic) => `${n} ${plural(n, 'article', 'articles')} sur « ${topic} » :`,
  articlesInCorpus: (n) => `${n} ${plural(n, 'article', 'articles')} dans le corpus :`,
  addedAt: (when) => `ajouté le ${when}`,
  chatWelcome: (n) => `veille : ${n} ${plural(n, 'article', 'articles')}. Posez une question, ou /help.`,
  chatInterrupted: '(Ctrl-C encore une fois, ou /quit, pour quitter)',
  chatHelp: `Commandes :
  /ask <question>     les phrases qui y répondent, citées (en français ou en anglais)
  /sources <sujet>    les articles sur un sujet, les meilleurs d’abord (vide : tous les articles)
  /more               d’autres extraits pour la dernière question
  /help               cette aide
  /quit               quitter (aussi : quit, exit, Ctrl-D, Ctrl-C deux fois)
Une ligne sans commande est une question.`,
  askFirst: 'Posez d’abord une question.',
  unknownCommand: (command) => `Commande inconnue : ${command}.`,
};

const CATALOGUE: Record<Lang, Messages> = { en, fr };

/**
 * Why a /digest subscribe time or time zone is refused, in the user's language (the same checks
 * as the digest service's); null when both are valid.
 */
export function subscribeProblem(m: Messages, time: string, timezone: string): string | null {
  if (!parseTime(time).ok) return m.badTime(time.trim().slice(0, 40));
  if (!parseTimeZone(timezone).ok) return m.badTimeZone(timezone.trim().slice(0, 60));
  return null;
}

export function messages(lang: Lang = 'en'): Messages {
  return CATALOGUE[lang];
}
