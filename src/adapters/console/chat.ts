// The terminal chat: the same commands as in Discord and Slack, for when no platform is configured.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { AnswerEngine } from '../../core/types.js';
import { plain, renderAnswer, renderSources, terminalMessages, wrapForTerminal, type ConsoleStyle } from './render.js';

export interface ChatOptions {
  engine: AnswerEngine;
  input: Readable;
  output: Writable;
  style?: ConsoleStyle;
  /** Show a prompt (only for a person at a terminal). */
  prompt?: boolean;
  /** The terminal's locale (terminalLocale()): a French one makes every reply French. */
  locale?: string | null;
}

/** Bare words that are commands rather than one-word questions. */
const BARE_COMMANDS = new Set(['help', 'quit', 'exit']);

/** Runs until the input ends, the user types /quit (or quit, exit), or presses Ctrl-C twice. */
export function runChat({ engine, input, output, style = plain, prompt = false, locale = null }: ChatOptions): Promise<void> {
  const rl = createInterface({ input, output: prompt ? output : undefined, terminal: prompt });
  const say = (s: string) => output.write(`${wrapForTerminal(s, output as { isTTY?: boolean; columns?: number })}\n`);
  // Replies are in the language of the last question (the locale's, when French), English before any.
  let lastAsked: string | null = null;
  const m = () => terminalMessages(locale, lastAsked);
  // Ctrl-C clears a half-typed line; on an empty line it asks once, and a second one quits.
  let interrupted = false;
  rl.on('SIGINT', () => {
    if (rl.line) {
      rl.write(null, { ctrl: true, name: 'u' });
      interrupted = true;
      return;
    }
    if (interrupted) {
      output.write('\n');
      rl.close();
      return;
    }
    interrupted = true;
    output.write(`\n${m().chatInterrupted}\n`);
    rl.prompt();
  });
  let last: { question: string; shown: number } | null = null;
  if (prompt) {
    say(m().chatWelcome(engine.articles().length));
    rl.setPrompt('> ');
    rl.prompt();
  }
  rl.on('line', (line) => {
    interrupted = false;
    const text = line.trim();
    const bare = BARE_COMMANDS.has(text.toLowerCase()) ? `/${text}` : text;
    const [, command = '', rest = ''] = /^\/(\S*)\s*([\s\S]*)$/.exec(bare) ?? [null, text ? 'ask' : '', text];
    switch (command.toLowerCase()) {
      case '':
        break;
      case 'help':
        say(m().chatHelp);
        break;
      case 'quit':
      case 'exit':
        rl.close();
        return;
      case 'ask': {
        if (rest.trim()) lastAsked = rest;
        const answer = engine.ask(rest);
        last = answer.answered ? { question: rest, shown: answer.excerpts.length } : null;
        const text = renderAnswer(answer, style, 1, m());
        say(answer.answered || answer.reason !== 'empty' ? text : `${text}\n${m().chatHelp}`);
        break;
      }
      case 'more': {
        if (!last) {
          say(m().askFirst);
          break;
        }
        const answer = engine.ask(last.question, { offset: last.shown });
        if (!answer.answered || !answer.excerpts.length) say(m().noMoreExcerpts);
        else {
          say(renderAnswer(answer, style, last.shown + 1, m()));
          last.shown += answer.excerpts.length;
        }
        break;
      }
      case 'sources':
        say(renderSources(engine.sources(rest), style, m()));
        break;
      default:
        say(`${m().unknownCommand(`/${command}`)}\n${m().chatHelp}`);
    }
    if (prompt) rl.prompt();
  });
  return new Promise((resolve) => rl.on('close', resolve));
}
