// Web boilerplate out of an article's blocks, as for the first five articles of the corpus:
// "A VOIR AUSSI", "You may also like", "Leave a Comment", copyright and breadcrumb lines,
// bylines, share buttons, image placeholders, and the related links that follow such markers.

/** Markers of a related-links or comments block: dropped, with the short lines and list items after them. */
const SECTION_MARKERS = [
  /^(à|a) voir aussi$/i,
  /^(à|a) lire (aussi|également|egalement)$/i,
  /^lire (aussi|également|egalement)$/i,
  /^sur le m[êe]me (sujet|th[èe]me)$/i,
  /^plus de lecture$/i,
  /^(nos )?articles? (similaires|li[ée]s|recommand[ée]s)$/i,
  /^vous (aimerez|pourriez aimer) aussi$/i,
  /^(laisser|laissez) un commentaire$/i,
  /^\d*\s*commentaires?$/i,
  /^you (may|might) (also )?like$/i,
  /^(read|see) (more|also)$/i,
  /^related( (articles|stories|posts|content|reading))?$/i,
  /^more (from|on) .{0,40}$/i,
  /^recommended( for you)?$/i,
  /^leave a (comment|reply)$/i,
  /^\d*\s*comments?$/i,
];

/** Single lines that are never article text. */
const LINE_NOISE = [
  /^(spot_img)+$/i,
  /^((à|a) lire (aussi|également)|lire (aussi|également)|(à|a) voir aussi|voir aussi|read more|see also|related|also read|more on this)\s*[:：-]\s*.{0,150}$/i,
  /^(image|photo|illustration|vid[ée]o|crédit|credit)s?\s*[:：]?\s*(placeholder)?$/i,
  /^\[(image|photo|video|vidéo)[^\]]*\]$/i,
  /^(copyright|©|\(c\) )|(©|copyright)\s*\d{4}|droits d.auteur|tous droits r[ée]serv[ée]s|all rights reserved/i,
  /^(?:[Pp]ar|PAR|[Bb]y|BY)\s+\p{Lu}[\p{L}'’.-]*(?:,?\s+(?:\p{Lu}[\p{L}'’.-]*|et|and|de|du|des|van|von|le|la)){0,6}$/u,
  /^(publi[ée]|mis à jour|updated|published)( le| on)?\s*[:\-]?\s*.{0,40}\d{4}.{0,20}$/i,
  /^(partager|partagez|share)( (cet|this) (article|story|post))?( (sur|on) .{0,40})?\s*:?$/i,
  /^(facebook|twitter|x|linkedin|whatsapp|email|e-mail|imprimer|print)(\s*[|·•,]?\s*(facebook|twitter|x|linkedin|whatsapp|email|e-mail|imprimer|print))*$/i,
  /^(abonnez-vous|inscrivez-vous|subscribe|sign up)( [àa] (notre|la) newsletter| to our newsletter)?.{0,40}$/i,
  /^(publicité|advertisement|sponsoris[ée]|sponsored)$/i,
  /^(accueil|home)\s*[›»>/|]/i,
  /^[\p{L}\d ’'.-]{1,30}(\s*[›»>]\s*[\p{L}\d ’'.-]{1,40}){2,}$/u,
  /^(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+[\p{L}]+\s+\d{1,2},?\s+\d{4}$/iu,
  /^\d{1,2}(er)?\s+\p{L}+\s+\d{4}(\s+(à|at)\s+\d{1,2}[h:]\d{2})?$/iu,
  /^(ce site utilise des cookies|nous utilisons des cookies|we use cookies|this (web)?site uses cookies)/i,
  /^(accepter|refuser|tout accepter|accept( all)?|reject( all)?|param[èe]tres|cookie settings)$/i,
];

const strip = (block: string) => block.replace(/^(## |- )/, '').trim();

function isMarker(block: string): boolean {
  const t = strip(block).replace(/[\s:.!…]+$/, '');
  return SECTION_MARKERS.some((r) => r.test(t));
}

function isNoise(block: string): boolean {
  const t = strip(block);
  return !t || (t.length < 200 && LINE_NOISE.some((r) => r.test(t)));
}

/** A list item or a short line without final punctuation: the shape of a related link. */
function isLinkLike(block: string): boolean {
  const t = strip(block);
  return block.startsWith('- ') || block.startsWith('## ') || (t.length < 120 && !/[.!?»”"]$/.test(t));
}

/** Removes boilerplate blocks; `title` is also dropped when the body repeats it first. */
export function cleanBlocks(blocks: string[], title?: string | null): string[] {
  const out: string[] = [];
  let inSection = false;
  for (const raw of blocks) {
    const block = raw.trim();
    if (!block) continue;
    if (isMarker(block)) {
      inSection = true;
      continue;
    }
    if (inSection) {
      if (isLinkLike(block) || isNoise(block)) continue;
      inSection = false;
    }
    if (isNoise(block)) continue;
    out.push(block);
  }
  const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  // The title repeated in the body (often twice, with different quotes) says nothing new.
  const repeated = (b: string) => Boolean(title) && norm(strip(b)) === norm(title!);
  for (let i = out.length - 1; i >= 0; i--) if (repeated(out[i])) out.splice(i, 1);
  // A heading left with nothing after it (e.g. the last one before removed comments) says nothing.
  while (out.length && out[out.length - 1].startsWith('## ')) out.pop();
  return out;
}

/** Enough text to be an article: some sentence-sized paragraphs, not a list of links. */
export function proseLength(blocks: string[]): number {
  return blocks.filter((b) => !b.startsWith('## ') && !b.startsWith('- ') && /[.!?»”"]$/.test(b) && b.length >= 60).join(' ').length;
}
