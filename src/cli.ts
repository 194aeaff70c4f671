// `veille`: answers in the terminal, and the tools around the bot.
// Each command declares its options and the settings that affect it: `veille <command> --help`
// prints both, and an option the command does not know is refused with the command's usage.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCorpus, formatProblem } from './core/corpus.js';
import { runChat } from './adapters/console/chat.js';
import { renderAnswer, renderSources, renderDigest, terminalLocale, terminalMessages, terminalStyle, wrapForTerminal } from './adapters/console/render.js';
import { corpusDir, dataDir, loadDotEnv, loadEngine, packageRoot } from './runtime.js';

interface OptionSpec {
  type: 'boolean' | 'string';
  multiple?: boolean;
  short?: string;
  /** `--name VALUE  what it does` in the help. */
  value?: string;
  help: string;
}

interface CommandSpec {
  /** `ask`, or `discord register`. */
  name: string;
  /** What follows the name in the usage line. */
  args: string;
  summary: string;
  options: Record<string, OptionSpec>;
  /** Environment variables that change what the command does (all in .env.example). */
  settings: string[];
}

const json: OptionSpec = { type: 'boolean', help: 'print the result as one JSON object' };
const jsonl: OptionSpec = { type: 'boolean', help: 'read one line at a time on stdin, write one JSON object a line' };
const corpusSettings = ['CORPUS_DIR', 'DATA_DIR (the index snapshot)'];

const COMMANDS: CommandSpec[] = [
  { name: 'chat', args: '', summary: 'chat in the terminal (/ask, /sources, /more, /help, /quit); the default command', options: {}, settings: corpusSettings },
  { name: 'ask', args: '"question"', summary: 'the excerpts that answer it, cited', options: { json, jsonl }, settings: corpusSettings },
  { name: 'sources', args: '["topic"]', summary: 'the articles about a topic (no topic: all of them)', options: { json, jsonl }, settings: corpusSettings },
  { name: 'check', args: '', summary: 'validate every corpus file; exit 1 on any error', options: {}, settings: ['CORPUS_DIR'] },
  {
    name: 'start',
    args: '',
    summary: 'run the bot (Discord and/or Slack from .env; else the terminal chat)',
    options: {},
    settings: ['every variable of .env.example: DISCORD_*, SLACK_*, PORT, HEALTH_PORT, RATE_LIMIT_*, FEEDS*, INGEST_*, DIGEST_*, LOG_LEVEL, CORPUS_DIR, DATA_DIR'],
  },
  {
    name: 'discord register',
    args: '',
    summary: 'register the slash commands, globally or on one server',
    options: { guild: { type: 'string', value: 'ID', help: 'register on this server only (appears at once; for testing)' } },
    settings: ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'DISCORD_API_URL', 'LOG_LEVEL'],
  },
  {
    name: 'slack manifest',
    args: '',
    summary: 'the Slack app manifest, with this configuration\'s command names',
    options: { url: { type: 'string', value: 'URL', help: 'HTTP mode: the public address of /slack/events (Socket Mode: leave out)' } },
    settings: ['SLACK_COMMAND_ASK', 'SLACK_COMMAND_SOURCES', 'SLACK_COMMAND_DIGEST'],
  },
  {
    name: 'ingest',
    args: '<path|url>...',
    summary: 'add local files (.txt, .md, .html), web pages or feed items (RSS, Atom, RDF, JSON Feed)',
    options: {
      feed: { type: 'string', multiple: true, value: 'URL', help: 'add the new items of this feed (repeatable)' },
      feeds: { type: 'boolean', help: 'add the new items of every feed in FEEDS' },
    },
    settings: ['CORPUS_DIR', 'DATA_DIR (feed state)', 'FEEDS', 'FEEDS_FIRST_RUN_ITEMS', 'INGEST_TIMEOUT_MS', 'INGEST_MAX_BYTES', 'INGEST_MAX_REDIRECTS', 'INGEST_CONTACT'],
  },
  {
    name: 'feedback',
    args: '',
    summary: "votes on the bot's answers: counts and the most down-voted questions",
    options: { jsonl: { type: 'boolean', help: 'one eval case a line (the shape of eval/questions.jsonl)' } },
    settings: ['DATA_DIR (conversations.sqlite)'],
  },
  {
    name: 'digest',
    args: '',
    summary: 'the articles added since a date, with their key sentences',
    options: { since: { type: 'string', value: 'DATE', help: 'from this date or time (default: the last 24 h), e.g. 2026-01-01' }, json },
    settings: corpusSettings,
  },
];

const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', help: 'this help' };

function version(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

function usageLine(c: CommandSpec): string {
  const options = Object.entries(c.options).map(([name, o]) => `[--${name}${o.value ? ` ${o.value}` : ''}]`);
  return ['veille', c.name === 'chat' ? '' : c.name, c.args, ...options].filter(Boolean).join(' ');
}

/** `veille <command> --help`: usage, options, and the settings that affect the command. */
function commandHelp(c: CommandSpec): string {
  const options = Object.entries({ ...c.options, help: HELP_OPTION }).map(([name, o]) => {
    const flag = `--${name}${o.value ? ` ${o.value}` : ''}`;
    return `  ${flag.padEnd(16)} ${o.help}`;
  });
  return [`Usage: ${usageLine(c)}`, '', `${c.summary[0]!.toUpperCase()}${c.summary.slice(1)}.`, '', 'Options:', ...options, '', 'Settings (environment or .env):', ...c.settings.map((s) => `  ${s}`)].join('\n');
}

const USAGE = [
  'Usage:',
  ...COMMANDS.map((c) => (usageLine(c).length < 44 ? `  ${usageLine(c).padEnd(44)} ${c.summary}` : `  ${usageLine(c)}\n  ${''.padEnd(44)} ${c.summary}`)),
  '  veille --version',
  '',
  'veille <command> --help lists the options of a command and the settings that affect it.',
  'Settings come from the environment or ./.env (see .env.example); an empty one means its default.',
].join('\n');

class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose usage follows the message; none: the general usage. */
    readonly command: CommandSpec | null = null,
  ) {
    super(message);
  }
}

/** Every option of every command, so that a first pass knows which words are option values. */
const ALL_OPTIONS = Object.assign({}, ...COMMANDS.map((c) => c.options), { help: HELP_OPTION, version: { type: 'boolean' } }) as Record<string, OptionSpec>;

function positionalsOf(argv: string[]): string[] {
  const { tokens } = parseArgs({ args: argv, options: ALL_OPTIONS, allowPositionals: true, strict: false, tokens: true });
  return tokens.flatMap((t) => (t.kind === 'positional' ? [t.value] : []));
}

/** The command and its options, or a UsageError with veille's own message (never parseArgs' text). */
function parseCommandLine(argv: string[]): { command: CommandSpec | null; values: Record<string, unknown>; positionals: string[] } {
  const words = positionalsOf(argv);
  const command =
    COMMANDS.find((c) => c.name === `${words[0]} ${words[1]}`) ??
    COMMANDS.find((c) => c.name === words[0] && !c.name.includes(' ')) ??
    (words.length ? null : COMMANDS[0]!);
  if (!command) {
    if (words[0] === 'help') return { command: null, values: { help: true }, positionals: [] };
    const group = COMMANDS.filter((c) => c.name.startsWith(`${words[0]} `));
    if (group.length) throw new UsageError(`veille ${words[0]}: unknown subcommand${words[1] ? ` "${words[1]}"` : ''}; try ${group.map((c) => `veille ${c.name}`).join(' or ')}.`);
    throw new UsageError(`veille: unknown command "${words[0]}".`);
  }
  const options: Record<string, OptionSpec> = { ...command.options, help: HELP_OPTION, version: { type: 'boolean', help: '' } };
  const { tokens } = parseArgs({ args: argv, options, allowPositionals: true, strict: false, tokens: true });
  const values: Record<string, unknown> = {};
  const positionals: string[] = [];
  const label = `veille${command.name === 'chat' ? '' : ` ${command.name}`}`;
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const spec = options[token.name];
    if (!spec) throw new UsageError(`${label}: unknown option ${token.rawName}.`, command);
    if (spec.type === 'string') {
      if (token.value === undefined || token.value === '') throw new UsageError(`${label}: ${token.rawName} needs a value (${token.rawName} ${spec.value ?? 'VALUE'}).`, command);
      values[token.name] = spec.multiple ? [...((values[token.name] as string[] | undefined) ?? []), token.value] : token.value;
    } else {
      if (token.value !== undefined) throw new UsageError(`${label}: ${token.rawName} takes no value.`, command);
      values[token.name] = true;
    }
  }
  const nameWords = command.name === 'chat' ? (positionals[0] === 'chat' ? 1 : 0) : command.name.split(' ').length;
  return { command, values, positionals: positionals.slice(nameWords) };
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandLine(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    const c = e.command;
    console.error(`${e.message}\n${c ? `Usage: ${usageLine(c)}\n(veille ${c.name === 'chat' ? '' : `${c.name} `}--help for more)` : `\n${USAGE}`}`);
    return 2;
  }
  const { command, values, positionals: rest } = parsed;
  if (values.version) {
    console.log(version());
    return 0;
  }
  if (!command || (values.help && command.name === 'chat' && !argv.includes('chat'))) {
    console.log(USAGE);
    return 0;
  }
  if (values.help) {
    console.log(commandHelp(command));
    return 0;
  }
  loadDotEnv();
  const warn = (m: string) => process.stderr.write(`${m}\n`);
  const info = (m: string) => process.stderr.write(`${m}\n`);
  const style = terminalStyle(process.stdout);
  const print = (text: string) => console.log(wrapForTerminal(text, process.stdout));
  switch (command.name) {
    case 'ask':
    case 'sources': {
      const engine = await loadEngine(corpusDir(), warn, { info });
      const run = (text: string) => (command.name === 'ask' ? engine.ask(text) : engine.sources(text));
      if (values.jsonl) {
        for await (const line of jsonLines(process.stdin)) {
          process.stdout.write(`${JSON.stringify(run(line))}\n`);
        }
        return 0;
      }
      const text = rest.join(' ');
      if (command.name === 'ask' && !text.trim() && !values.json) {
        console.error(`Ask a question, e.g. veille ask "how big is Hyperion".\n\n${commandHelp(command)}`);
        return 2;
      }
      const result = run(text);
      if (values.json) console.log(JSON.stringify(result, null, 2));
      else {
        const m = terminalMessages(terminalLocale(), text);
        print('answered' in result ? renderAnswer(result, style, 1, m) : renderSources(result, style, m));
      }
      return 'answered' in result && !result.answered && result.reason !== 'not-found' ? 2 : 0;
    }
    case 'check': {
      const dir = corpusDir();
      const { articles, problems } = await loadCorpus(dir);
      for (const p of problems) console.error(`error: ${formatProblem(p)}`);
      console.log(`${dir}: ${articles.length} article(s) valid, ${problems.length} problem(s).`);
      return problems.length ? 1 : 0;
    }
    case 'chat': {
      const engine = await loadEngine(corpusDir(), warn, { info });
      const tty = Boolean(process.stdin.isTTY && process.stdout.isTTY);
      await runChat({ engine, input: process.stdin, output: process.stdout, style, prompt: tty, locale: terminalLocale() });
      return 0;
    }
    case 'ingest': {
      const { runIngestCli } = await import('./ingest/cli.js');
      return runIngestCli({ inputs: rest, feed: values.feed as string[] | undefined, feeds: values.feeds === true, corpusDir: corpusDir() });
    }
    case 'digest': {
      const now = new Date();
      const sinceArg = values.since as string | undefined;
      const since = sinceArg === undefined ? new Date(now.getTime() - 24 * 60 * 60 * 1000) : new Date(sinceArg);
      if (Number.isNaN(since.getTime()) || (sinceArg !== undefined && !/^\d{4}-\d{2}-\d{2}/.test(sinceArg))) {
        console.error(`veille digest: --since wants a date like 2026-01-01 or 2026-01-01T09:00:00Z, not "${sinceArg}".`);
        return 2;
      }
      const engine = await loadEngine(corpusDir(), warn, { info });
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const result = engine.digest(since, now, { timeZone });
      if (values.json) console.log(JSON.stringify(result, null, 2));
      else print(renderDigest(result, style, terminalMessages(terminalLocale())));
      return 0;
    }
    case 'feedback': {
      const { existsSync } = await import('node:fs');
      const { ConversationStore, conversationDatabasePath } = await import('./state/conversation-store.js');
      const { feedbackCases, feedbackReport } = await import('./state/feedback-report.js');
      const { promised } = await import('./state/store.js');
      const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
      const file = conversationDatabasePath(dataDir());
      // No database and no file yet: nothing voted, and nothing to create.
      if (!databaseUrl && !existsSync(file)) {
        if (!values.jsonl) console.log('No feedback yet.');
        return 0;
      }
      // The votes of every replica with DATABASE_URL, else this machine's file.
      const shared = databaseUrl ? await (await import('./state/postgres.js')).PgStateStore.connect(databaseUrl) : null;
      const local = shared ? null : new ConversationStore(file);
      const store = shared ? shared.conversations : promised(local!);
      try {
        if (values.jsonl) for (const c of feedbackCases(await store.feedback())) process.stdout.write(`${JSON.stringify(c)}\n`);
        else console.log(await feedbackReport(store));
      } finally {
        local?.close();
        await shared?.close();
      }
      return 0;
    }
    case 'start': {
      const { start } = await import('./main.js');
      await start();
      return 0;
    }
    case 'discord register': {
      const { registerCommandsFromCli } = await import('./main.js');
      await registerCommandsFromCli(values.guild as string | undefined);
      return 0;
    }
    case 'slack manifest': {
      const { printSlackManifest } = await import('./main.js');
      await printSlackManifest(values.url as string | undefined);
      return 0;
    }
  }
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`veille: ${(error as Error).message ?? error}`);
    process.exitCode = 1;
  },
);


/**
 * The lines of a JSON-lines input: split on \n only (a lone \r inside a question is part of it,
 * not a line break), a trailing \r of a Windows line ending removed.
 */
export async function* jsonLines(input: AsyncIterable<string | Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let at: number;
    while ((at = pending.indexOf('\n')) >= 0) {
      yield pending.slice(0, at).replace(/\r$/, '');
      pending = pending.slice(at + 1);
    }
  }
  pending += decoder.decode();
  if (pending) yield pending.replace(/\r$/, '');
}
