// Splits text into word, number and symbol tokens, keeping their offsets in the original text
// so that an answer span can be marked in the excerpt a person reads.

export type TokenKind = 'word' | 'number' | 'symbol';

export interface Token {
  /** The token as written. */
  text: string;
  start: number;
  end: number;
  kind: TokenKind;
}

// Numbers first: `600 000` and `600,000` (thousands), `71,5` and `1.3` (decimals), `2026`.
// `600k`, `1.3M`, `17bn`: a number with its multiplier glued on.
const SCALED = String.raw`\d+(?:[.,]\d+)?(?:k|K|M|bn|B|Md|md)(?![\p{L}\d])`;
const NUMBER =
  SCALED + '|' +
  String.raw`\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?![\d])` +
  String.raw`|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])` +
  String.raw`|\d+(?:[.,]\d+)?`;
// Words may end in digits: `llama4`, `H100`.
const WORD = String.raw`[\p{L}\p{M}]+\d*`;
const SYMBOL = String.raw`[%$€£]`;
const TOKEN = new RegExp(`(${NUMBER})|(${WORD})|(${SYMBOL})`, 'gu');

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const kind: TokenKind = m[1] ? 'number' : m[2] ? 'word' : 'symbol';
    tokens.push({ text: m[0], start: m.index, end: m.index + m[0].length, kind });
  }
  return tokens;
}

const SCALE: Record<string, number> = { k: 1e3, m: 1e6, bn: 1e9, b: 1e9, md: 1e9 };

/** Multiplier words after a number (`1,3 million`, `65 milliards`, `17 billion`), folded. */
export const MULTIPLIERS: Record<string, number> = {
  mille: 1e3, thousand: 1e3, k: 1e3,
  million: 1e6, millions: 1e6, m: 1e6,
  milliard: 1e9, milliards: 1e9, billion: 1e9, billions: 1e9, bn: 1e9, md: 1e9, mds: 1e9, mrd: 1e9, mrds: 1e9,
};

/** `1.3` × `million` → `1300000`, the form `1.3M` and `1,3 million` share. */
export function scaledValue(number: string, multiplier: number): string {
  return String(Math.round(Number(canonicalNumber(number)) * multiplier * 1000) / 1000);
}

/** `1.3M` → its mantissa and multiplier, or null for a plain number. */
export function splitScaled(written: string): { mantissa: string; multiplier: number } | null {
  const m = /^(\d+(?:[.,]\d+)?)(k|m|bn|b|md)$/i.exec(written);
  return m ? { mantissa: canonicalNumber(m[1]), multiplier: SCALE[m[2].toLowerCase()] } : null;
}

/** `600 000` → `600000`, `71,5` → `71.5`, `600,000` → `600000`, `1.0` → `1`, `600k` → `600000`. */
export function canonicalNumber(written: string): string {
  const scaled = /^(\d+(?:[.,]\d+)?)(k|m|bn|b|md)$/i.exec(written);
  if (scaled) return String(Math.round(Number(scaled[1].replace(',', '.')) * SCALE[scaled[2].toLowerCase()] * 1000) / 1000);
  let s = written.replace(/[ \u00a0\u202f]/g, '');
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  s = s.replace(',', '.');
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  s = s.replace(/^0+(?=\d)/, '');
  return s;
}
