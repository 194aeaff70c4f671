// Which questions of the external sets the answer model is fitted on, and which are held out:
// scripts/train.mjs fits on one part, eval/run-all.mjs reports on the other, so both read it here.
// By article (FNV-1a of its id), so that no held-out question shares a paragraph with a fitted one;
// SQuAD's questions about articles outside the corpus are split by their own id.

/** FNV-1a: a stable split that does not depend on file order. */
export function fnv1a(s) {
  let h = 0x811c9dc5;
  for (const ch of s) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
  return h;
}

/** Set name → whether the article (or, without one, the question) with this id is held out. */
export const heldOut = {
  piaf: (id) => fnv1a(id) % 2 === 1,
  'squad2-train': (id) => fnv1a(id) % 4 === 0,
};
