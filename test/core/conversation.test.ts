// Follow-ups read with the thread's previous question, in English and French, on the real corpus:
// what the follow-up lacks (kind, names, or both) comes from the previous question; a full
// question is searched as asked; greetings and thanks are not questions.
import { beforeAll, describe, expect, it } from 'vitest';
import { Conversation, isSmallTalk, smallTalkLanguage } from '../../src/core/conversation.js';
import type { Engine } from '../../src/core/engine.js';
import { realEngine } from '../helpers/corpus.js';

let engine: Engine;
let conversation: Conversation;
beforeAll(async () => {
  engine = await realEngine();
  conversation = new Conversation((text) => engine.analyse(text));
});

const after = (previous: string, followUp: string) => conversation.resolve(followUp, [{ question: previous, query: previous }]);

describe('Conversation (English)', () => {
  it('takes the kind of the previous question for a bare name', () => {
    expect(after('how big is Hyperion', 'and Prometheus?')).toEqual({ query: 'how big is Prometheus', borrowed: 'kind' });
    expect(after('how big is Hyperion', 'what about Prometheus')).toEqual({ query: 'how big is Prometheus', borrowed: 'kind' });
  });

  it('replaces the subject, not the company every article names', () => {
    expect(after('how much is Meta investing in Hyperion', 'and Prometheus?').query).toBe('how much is Meta investing in Prometheus');
  });

  it('takes the names of the previous question for a bare question word', () => {
    expect(after('how big is Hyperion', 'when?')).toEqual({ query: 'when Hyperion', borrowed: 'names' });
    expect(after('how big is Hyperion', 'who said that?')).toEqual({ query: 'who said that Hyperion', borrowed: 'names' });
  });

  it('answers a full question as asked', () => {
    expect(after('how big is Hyperion', 'how much did Meta pay for Scale AI?')).toEqual({
      query: 'how much did Meta pay for Scale AI?',
      borrowed: 'nothing',
    });
    expect(after('how big is Hyperion', 'what is Llama 4?').borrowed).toBe('nothing');
  });

  it('reads a question alone when the thread has no history', () => {
    expect(conversation.resolve('and Prometheus?', [])).toEqual({ query: 'and Prometheus?', borrowed: 'nothing' });
  });

  it('follows the latest turn of a longer thread', () => {
    const history = [
      { question: 'how big is Hyperion', query: 'how big is Hyperion' },
      { question: 'when?', query: 'when Hyperion' },
    ];
    expect(conversation.resolve('and Prometheus?', history).query).toBe('when Prometheus');
  });

  it('the resolved follow-up is answered like the full question', () => {
    const resolved = after('how big is Hyperion', 'and Prometheus?');
    const answer = engine.ask(resolved.query);
    expect(answer.answered).toBe(true);
    expect(answer.excerpts[0].text).toMatch(/Prometheus/);
    expect(answer.excerpts.map((e) => e.text)).toEqual(engine.ask('how big is Prometheus').excerpts.map((e) => e.text));
  });
});

describe('Conversation (French)', () => {
  it('et Prometheus ? takes the kind, mending the elision', () => {
    expect(after('quelle est la capacité d’Hyperion ?', 'et Prometheus ?')).toEqual({
      query: 'quelle est la capacité de Prometheus ?',
      borrowed: 'kind',
    });
  });

  it('quand ? takes the names', () => {
    expect(after('quelle est la capacité d’Hyperion ?', 'quand ?')).toEqual({ query: 'quand Hyperion', borrowed: 'names' });
  });

  it('et en France ? narrows the previous question to a place', () => {
    const r = after('combien Meta investit-il ?', 'et en France ?');
    expect(r).toEqual({ query: 'combien Meta investit-il en France', borrowed: 'kind' });
  });

  it('a place replaces the previous place', () => {
    expect(after('combien Meta investit-il en Louisiane ?', 'et en France ?').query).toBe('combien Meta investit-il en France ?');
  });

  it('a full French question is answered as asked', () => {
    expect(after('quelle est la capacité d’Hyperion ?', 'qui est le PDG de Meta ?').borrowed).toBe('nothing');
  });
});

describe('isSmallTalk', () => {
  it('greetings, thanks and empty messages are not questions', () => {
    for (const t of ['', '  ', 'hi!', 'Hello there 👋', 'thanks a lot', 'thank you!', 'merci beaucoup 🙏', 'Bonjour à tous', 'salut', 'help'])
      expect(isSmallTalk(t), t).toBe(true);
  });

  it('says which language a greeting or thanks is in, when its words tell', () => {
    expect(smallTalkLanguage('merci !')).toBe('fr');
    expect(smallTalkLanguage('Bonjour à tous')).toBe('fr');
    expect(smallTalkLanguage('thanks a lot')).toBe('en');
    expect(smallTalkLanguage('ok')).toBeNull();
  });

  it('a question, even opened by a greeting, is one', () => {
    for (const t of ['hi, how big is Hyperion?', 'merci, et Prometheus ?', 'Hyperion', 'quand ?'])
      expect(isSmallTalk(t), t).toBe(false);
  });
});
