// The terminal: wrapping to the width with the citation indent, NO_COLOR / FORCE_COLOR, the chat's
// bare commands, and Ctrl-C (clear the line; twice to leave) on a real readline in terminal mode.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runChat } from '../../../src/adapters/console/chat.js';
import { ansi, plain, renderAnswer, terminalStyle, wrap } from '../../../src/adapters/console/render.js';
import { realEngine } from '../../helpers/corpus.js';

const strip = (s: string) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

/** A terminal of `columns` columns: what the chat writes, and a way to type into it. */
function terminal(columns = 80) {
  const input = new PassThrough();
  const output = Object.assign(new PassThrough(), { isTTY: true, columns });
  let written = '';
  output.on('data', (d) => (written += d));
  return { input, output, written: () => strip(written), type: (s: string) => input.write(s) };
}

const tick = () => new Promise((r) => setTimeout(r, 30));

describe('wrapping', () => {
  it('wraps answers at word boundaries to the width, continuing excerpts at the citation indent', async () => {
    const engine = await realEngine();
    const text = renderAnswer(engine.ask('how big is Hyperion'), plain);
    const wrapped = wrap(text, 50);
    const lines = wrapped.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(50);
    // Nothing lost or cut inside a word: the words, in order, are the same.
    expect(wrapped.split(/\s+/)).toEqual(text.split(/\s+/));
    expect(lines[0]).toMatch(/^\[1\] « /);
    expect(lines[1]).toMatch(/^ {4}\S/); // the excerpt continues under its text, as its citation line does
    expect(lines.filter((l) => /^\[\d\]/.test(l))).toHaveLength(text.split('\n').filter((l) => /^\[\d\]/.test(l)).length);
  });

  it('counts styled text by what shows, and leaves short lines and narrow widths alone', () => {
    const line = `[1] « ${ansi.bold('5 gigawatts')} ${'mot '.repeat(10)}»`;
    for (const l of strip(wrap(line, 30)).split('\n')) expect(l.length).toBeLessThanOrEqual(30);
    expect(wrap('short line', 80)).toBe('short line');
    expect(wrap('a '.repeat(50), 0)).toBe('a '.repeat(50));
  });
});

describe('colour', () => {
  it('honours NO_COLOR and FORCE_COLOR, and styles only a terminal by default', () => {
    expect(terminalStyle({ isTTY: true }, {})).toBe(ansi);
    expect(terminalStyle({ isTTY: false }, {})).toBe(plain);
    expect(terminalStyle({ isTTY: true }, { NO_COLOR: '1' })).toBe(plain);
    expect(terminalStyle({ isTTY: true }, { TERM: 'dumb' })).toBe(plain);
    expect(terminalStyle({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(ansi);
    expect(terminalStyle({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(plain);
    expect(terminalStyle({ isTTY: true }, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(ansi);
    expect(terminalStyle({ isTTY: false }, { FORCE_COLOR: '' })).toBe(plain); // empty: unset
  });
});

describe('the chat', () => {
  it('takes bare help, quit and exit as commands', async () => {
    const engine = await realEngine();
    for (const word of ['quit', 'exit', 'QUIT']) {
      const t = terminal();
      const done = runChat({ engine, input: t.input, output: t.output, prompt: true });
      t.type('help\n');
      t.type(`${word}\n`);
      t.type('how big is Hyperion\n'); // after quitting: never answered
      await done;
      expect(t.written()).toMatch(/\/sources <topic>/);
      expect(t.written()).not.toMatch(/gigawatts|Not in the articles/);
    }
  });

  it('Ctrl-C clears a half-typed line; a second Ctrl-C leaves', async () => {
    const engine = await realEngine();
    const t = terminal();
    let closed = false;
    const done = runChat({ engine, input: t.input, output: t.output, prompt: true }).then(() => (closed = true));
    t.type('best pizza in Nap');
    t.type('\x03');
    await tick();
    expect(closed).toBe(false);
    t.type('how big is Hyperion\r'); // the cleared words are not part of this question
    await tick();
    expect(t.written()).toMatch(/5 gigawatts/);
    t.type('\x03'); // on an empty line: asks once…
    await tick();
    expect(closed).toBe(false);
    expect(t.written()).toMatch(/Ctrl-C again/);
    t.type('\x03'); // …and leaves on the second
    await done;
    expect(closed).toBe(true);
  });
});
