// The terminal chat: the same commands as in Discord and Slack, for when no platform is configured.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { AnswerEngine } from '../../core/types.js';
import { HELP, plain, renderAnswer, renderSources, wrapForTerminal, type ConsoleStyle } from './render.js';

export interface ChatOptions {
  engine: AnswerEngine;
  input: Readable;
  output: Writable;
  style?: ConsoleStyle;
  /** Show a prompt (only for a person at a terminal). */
  prompt?: boolean;
}

/** Bare words that are commands rather than one-word questions. */
const BARE_COMMANDS = new Set(['help', 'quit', 'exit']);

/** Runs until the input ends, the user types /quit (or quit, exit), or presses Ctrl-C twice. */
export function runChat({ engine, input, output, style = plain, prompt = false }: ChatOptions): Promise<void> {
  const rl = createInterface({ input, output: prompt ? output : undefined, terminal: prompt });
  const say = (s: string) => output.write(`${wrapForTerminal(s, output as { isTTY?: boolean; columns?: number })}\n`);
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
    output.write('\n(Ctrl-C again, or /quit, to leave)\n');
    rl.prompt();
  });
  let last: { question: string; shown: number } | null = null;
  if (prompt) {
    say(`veille: ${engine.articles().length} articles. Ask a question, or /help.`);
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
        say(HELP);
        break;
      case 'quit':
      case 'exit':
        rl.close();
        return;
      case 'ask': {
        const answer = engine.ask(rest);
        last = answer.answered ? { question: rest, shown: answer.excerpts.length } : null;
        say(answer.answered || answer.reason !== 'empty' ? renderAnswer(answer, style) : `${answer.message}\n${HELP}`);
        break;
      }
      case 'more': {
        if (!last) {
          say('Ask a question first.');
          break;
        }
        const answer = engine.ask(last.question, { offset: last.shown });
        if (!answer.answered || !answer.excerpts.length) say('No more excerpts.');
        else {
          say(renderAnswer(answer, style, last.shown + 1));
          last.shown += answer.excerpts.length;
        }
        break;
      }
      case 'sources':
        say(renderSources(engine.sources(rest), style));
        break;
      default:
        say(`Unknown command /${command}.\n${HELP}`);
    }
    if (prompt) rl.prompt();
  });
  return new Promise((resolve) => rl.on('close', resolve));
}
