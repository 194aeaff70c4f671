// How the scorers compare an excerpt with a gold answer (../shared/eval/run.mjs and
// ../shared/eval/external/run.mjs fold the same way): without case, accents, or apostrophe, quote
// and space variants. Shared by scripts/train.mjs (labels), eval/run-all.mjs (its own-set scorer)
// and the tests of the question files.

/** A text as the scorers compare it. */
export function scorerFold(s) {
  return String(s ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[\u00ab\u00bb\u201c\u201d]/g, '"')
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .toLowerCase()
    .trim();
}
