// The message catalogue: English and French say the same things, the language is chosen from the
// platform's locale, else the question, else English; command hints agree with the catalogue.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chooseLanguage, messages } from '../../../src/adapters/common/messages.js';
import { askCommand, sourcesCommand } from '../../../src/adapters/discord/definitions.js';
import { renderAnswer, renderDigest } from '../../../src/adapters/discord/render.js';
import { digestMessages, unansweredMessage } from '../../../src/adapters/slack/blocks.js';
import { realEngine, root } from '../../helpers/corpus.js';

describe('message catalogue', () => {
  it('has every message in English and French, none empty', () => {
    const en = messages('en') as unknown as Record<string, unknown>;
    const fr = messages('fr') as unknown as Record<string, unknown>;
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    // Arguments of the right kinds for the few messages that need them; numbers and text otherwise.
    const args: Record<string, unknown[]> = { digestTitle: ['2026-12-01', 3], digestUsage: ['x', ['y']], dateTime: [new Date(0), 'UTC'] };
    const sample = (v: unknown) => (typeof v === 'function' ? String((v as (...a: unknown[]) => unknown)(...(args[key] ?? [2, 3, 'x']))) : String(v));
    let key = '';
    for (key of Object.keys(en)) {
      expect(sample(en[key]).trim(), key).not.toBe('');
      expect(sample(fr[key]).trim(), key).not.toBe('');
    }
    expect(messages('fr').notInArticles).toBe('Pas dans les articles.');
    expect(messages('fr').excerptRange(1, 3)).toBe('Extraits 1 à 3');
  });

  it('punctuates "not in the articles" the French way: a space before the colon', async () => {
    const engine = await realEngine();
    const missing = engine.ask('quelle est la hauteur de la tour Eiffel ?');
    if (missing.answered) throw new Error('expected "not in the articles"');
    expect(renderAnswer(missing, { m: messages('fr') }).message.content).toMatch(/\nEssayez un sujet qu’ils traitent : .*Meta.*\.$/);
    expect(JSON.stringify(unansweredMessage(missing, messages('fr')).blocks)).toMatch(/Essayez un sujet qu’ils traitent : `\/ask /);
    expect(renderAnswer(missing, { m: messages('en') }).message.content).toMatch(/\nTry a topic they cover: .*Meta.*\.$/);
  });

  it('chooses the platform locale, else the language of the question, else English', () => {
    expect(chooseLanguage('fr', 'how big is Hyperion')).toBe('fr');
    expect(chooseLanguage('fr-FR')).toBe('fr');
    expect(chooseLanguage('en-US', 'quelle est la taille d’Hyperion ?')).toBe('en');
    expect(chooseLanguage('de', 'quelle est la taille d’Hyperion ?')).toBe('fr');
    expect(chooseLanguage(null, 'how big is Hyperion')).toBe('en');
    expect(chooseLanguage(undefined, '')).toBe('en');
  });

  it('the Discord option descriptions and the Slack usage hints use the catalogue’s examples', () => {
    const question = askCommand.options[0];
    expect(question.description).toContain(messages('en').askExample);
    expect(question.description_localizations.fr).toContain(messages('fr').askExample);
    const manifest = parse(readFileSync(path.join(root, 'slack/manifest.yml'), 'utf8'));
    const hint = (c: string) => manifest.features.slash_commands.find((s: { command: string }) => s.command === c).usage_hint;
    expect(hint('/ask')).toBe(messages('en').askExample);
    expect(hint('/sources')).toBe(messages('en').sourcesExample);
    expect(sourcesCommand.options[0].description_localizations.fr).toMatch(/sujet/);
  });

  it('renders a digest in French: header and labels from the catalogue, sentences verbatim', async () => {
    const engine = await realEngine();
    const digest = engine.digest(new Date(0), new Date('2030-01-01T00:00:00Z'));
    const [discord] = renderDigest(digest, messages('fr'));
    expect(discord.content).toMatch(/^\*\*Résumé du mardi 1 janvier 2030 · \d+ nouveaux articles\*\*/);
    expect(discord.embeds.some((e) => /_Sujets : /.test(e.description ?? ''))).toBe(true);
    const [slack] = digestMessages(digest, messages('fr'));
    expect(slack.text).toMatch(/^Résumé du/);
    const english = renderDigest(digest, messages('en'))[0];
    expect(english.embeds[0].description?.split('\n')[0]).toBe(discord.embeds[0].description?.split('\n')[0]);
  });
});
