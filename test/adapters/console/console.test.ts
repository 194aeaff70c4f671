// The terminal: wrapping to the width with the citation indent, NO_COLOR / FORCE_COLOR, the chat's
// bare commands, and Ctrl-C (clear the line; twice to leave) on a real readline in terminal mode;
// the framing in the asker's language (the question's, or a French locale's), excerpts verbatim.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runChat } from '../../../src/adapters/console/chat.js';
import { ansi, plain, renderAnswer, renderDigest, renderSources, terminalLocale, terminalMessages, terminalStyle, wrap } from '../../../src/adapters/console/render.js';
import { messages } from '../../../src/adapters/common/messages.js';
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

describe('the language of the framing', () => {
  it('frames a French question in French and an English one in English; the excerpts stay verbatim', async () => {
    const engine = await realEngine();
    const french = engine.ask('quelle est la taille d’Hyperion ?');
    const fr = renderAnswer(french, plain);
    expect(fr).toMatch(/^2 articles s’accordent sur 5 gigawatts\.$/m);
    expect(fr).toMatch(/^\(\d+ autres extraits : \/more\)$/m);
    expect(fr).toMatch(/ · non daté$/m);
    for (const e of french.excerpts) expect(fr).toContain(e.text.slice(0, e.span?.start ?? e.text.length));
    const en = renderAnswer(engine.ask('how big is Hyperion'), plain);
    expect(en).toMatch(/^2 articles agree on 5 gigawatts\.$/m);
    expect(en).toMatch(/^\(\d+ more excerpts: \/more\)$/m);
    expect(en).toMatch(/ · undated$/m);

    expect(renderAnswer(engine.ask('quelle est la hauteur de la tour Eiffel ?'))).toMatch(/^Pas dans les articles\. Rien dans le corpus ne répond à cela\.\nEssayez un sujet qu’ils traitent : .+\.$/);
    expect(renderAnswer(engine.ask('how tall is the Eiffel Tower'))).toMatch(/^Not in the articles\. Nothing in the corpus answers that\.\nTry a topic they cover: .+\.$/);
    expect(renderAnswer(engine.ask(`${'pourquoi '.repeat(60)}?`))).toMatch(/^Cela fait \d+ caractères ; merci de rester sous 500\.$/);
  });

  it('lists sources and a digest in French with the French catalogue', async () => {
    const engine = await realEngine();
    const sources = renderSources(engine.sources('llama4'), plain, messages('fr'));
    expect(sources).toMatch(/^2 articles sur « llama4 » :\n\[1\] \*\*.+\*\* \(2 passages\)/);
    expect(renderSources(engine.sources('pizza'), plain, messages('fr'))).toMatch(/^Pas dans les articles\. Les articles ne parlent pas de « pizza »\./);
    expect(renderSources(engine.sources('pizza'))).toMatch(/^Not in the articles\. The articles do not mention “pizza”\./);
    const digest = renderDigest(engine.digest(new Date(0), new Date('2030-01-01T00:00:00Z')), plain, messages('fr'));
    expect(digest).toMatch(/^\*\*Résumé du mardi 1 janvier 2030 · \d+ nouveaux articles\*\*/);
    expect(digest).toMatch(/ · ajouté le \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/m);
    expect(digest).toMatch(/^ {4}Sujets : /m);
    expect(renderDigest(engine.digest(new Date('2029-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z')), plain, messages('fr'))).toMatch(
      /^Résumé du mardi 1 janvier 2030 · aucun nouvel article\. Aucun nouvel article depuis 2029-01-01 00:00 UTC\.$/,
    );
  });

  it('the chat answers in the language of the last question; a French locale makes it French throughout', async () => {
    const engine = await realEngine();
    const t = terminal(200);
    const done = runChat({ engine, input: t.input, output: t.output, prompt: true });
    t.type('/more\n'); // before any question: English
    t.type('quelle est la taille d’Hyperion ?\n');
    t.type('/frobnicate\n');
    t.type('how big is Hyperion\n');
    t.type('/help\n');
    t.type('/quit\n');
    await done;
    const out = t.written();
    expect(out).toMatch(/veille: 5 articles\. Ask a question, or \/help\./);
    expect(out).toMatch(/Ask a question first\./);
    expect(out).toMatch(/2 articles s’accordent sur 5 gigawatts\./);
    expect(out).toMatch(/Commande inconnue : \/frobnicate\.\nCommandes :\n {2}\/ask <question>/);
    expect(out).toMatch(/2 articles agree on 5 gigawatts\./);
    expect(out).toMatch(/\nCommands:\n {2}\/ask <question>/);

    const f = terminal(200);
    const french = runChat({ engine, input: f.input, output: f.output, prompt: true, locale: terminalLocale({ LC_ALL: '', LANG: 'fr_FR.UTF-8' }) });
    f.type('how big is Hyperion\n');
    f.type('/quit\n');
    await french;
    expect(f.written()).toMatch(/veille : 5 articles\. Posez une question, ou \/help\./);
    expect(f.written()).toMatch(/2 articles s’accordent sur 5 gigawatts\./);
  });

  it('reads the locale as POSIX does, and only a French one changes the language', () => {
    expect(terminalLocale({ LC_ALL: 'fr_FR.UTF-8', LANG: 'en_US.UTF-8' })).toBe('fr_FR.UTF-8');
    expect(terminalLocale({ LC_ALL: '', LC_MESSAGES: 'fr_CA', LANG: 'en_US.UTF-8' })).toBe('fr_CA');
    expect(terminalLocale({ LANG: 'C.UTF-8' })).toBe('C.UTF-8');
    expect(terminalLocale({})).toBeNull();
    expect(terminalMessages('fr_FR.UTF-8', 'how big is Hyperion').lang).toBe('fr');
    expect(terminalMessages('fr', null).lang).toBe('fr');
    expect(terminalMessages('en_US.UTF-8', 'quelle est la taille d’Hyperion ?').lang).toBe('fr');
    expect(terminalMessages('C', 'how big is Hyperion').lang).toBe('en');
    expect(terminalMessages('fy_NL', 'how big is Hyperion').lang).toBe('en'); // Frisian is not French
    expect(terminalMessages(null, null).lang).toBe('en');
  });
});
