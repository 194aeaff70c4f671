// 10,000 random strings through ask and sources: whatever comes in, nothing throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { realEngine } from '../helpers/corpus.js';

const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }), // lone surrogates, controls
  fc.string({ maxLength: 600 }),
  fc.constantFrom('🔥🚀 Hyperion ???', 'مرحبا ميتا', '\u202eHyperion\u202c', '\u0000\u0007\u001b[31m', '\ud800\udc00\ud800', '@everyone <!channel>', '600 000 000 000 000 000 000 GW %%% $$$'),
);

describe('bad input', () => {
  it('never throws on 10,000 random strings, and always returns a well-formed result', async () => {
    const engine = await realEngine();
    fc.assert(
      fc.property(anyText, (text) => {
        const answer = engine.ask(text);
        expect(typeof answer.answered).toBe('boolean');
        for (const e of answer.excerpts) expect(e.text.length).toBeLessThanOrEqual(400);
        const sources = engine.sources(text);
        expect(Array.isArray(sources.sources)).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  }, 120_000);
});
