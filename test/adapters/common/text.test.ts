import { describe, expect, it } from 'vitest';
import { fitText } from '../../../src/adapters/common/text.js';

describe('fitText', () => {
  it('leaves text that fits alone', () => {
    expect(fitText('Hyperion atteindra 5 gigawatts.', 100)).toBe('Hyperion atteindra 5 gigawatts.');
  });

  it('cuts at the last sentence boundary that fits', () => {
    const text = 'Prometheus sera opérationnel en 2026. Hyperion atteindra une capacité de 5 gigawatts au fil des années.';
    const cut = fitText(text, 60);
    expect(cut).toBe('Prometheus sera opérationnel en 2026. …');
    expect(cut.length).toBeLessThanOrEqual(60);
  });

  it('falls back to a word boundary, never cutting a word', () => {
    const text = 'superintelligence '.repeat(20).trim();
    const cut = fitText(text, 50);
    expect(cut.length).toBeLessThanOrEqual(50);
    expect(cut.endsWith('superintelligence…')).toBe(true);
  });
});
