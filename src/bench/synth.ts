// Synthetic corpora for the benchmark, scaled from the real articles: each synthetic article takes
// a real one as its outline, swaps some of its paragraphs for paragraphs of the others, and renames
// its entities (companies, people, projects, products, places) and its figures. Deterministic: the
// same seed gives the same corpus and the same questions, so runs compare.
import type { Article } from '../core/article.js';
import { fold } from '../core/analysis/normalize.js';
import { Rng } from './prng.js';

type Role = 'org' | 'person' | 'project' | 'product' | 'model' | 'state' | 'city';

/** Entities of the real articles, by role; an alias shares its replacement (`NVIDIA`, `Nvidia`). */
const ENTITIES: { text: string; role: Role; slot: string; pattern?: (name: string) => string }[] = [
  { text: 'Meta Platforms', role: 'org', slot: 'main', pattern: (n) => `${n} Platforms` },
  { text: 'Meta', role: 'org', slot: 'main' },
  { text: 'Mark Zuckerberg', role: 'person', slot: 'ceo' },
  { text: 'Zuckerberg', role: 'person', slot: 'ceo', pattern: (n) => n.split(' ').pop()! },
  { text: 'OpenAI', role: 'org', slot: 'openai' },
  { text: 'xAI', role: 'org', slot: 'xai' },
  { text: 'Anthropic', role: 'org', slot: 'anthropic' },
  { text: 'Google', role: 'org', slot: 'google' },
  { text: 'Microsoft', role: 'org', slot: 'microsoft' },
  { text: 'Amazon', role: 'org', slot: 'amazon' },
  { text: 'Mistral', role: 'org', slot: 'mistral' },
  { text: 'NVIDIA', role: 'org', slot: 'nvidia' },
  { text: 'Nvidia', role: 'org', slot: 'nvidia' },
  { text: 'TotalEnergies', role: 'org', slot: 'total' },
  { text: 'Scale AI', role: 'org', slot: 'scale', pattern: (n) => `${n} AI` },
  { text: 'Alexandr Wang', role: 'person', slot: 'wang' },
  { text: 'Sam Altman', role: 'person', slot: 'altman' },
  { text: 'Elon Musk', role: 'person', slot: 'musk' },
  { text: 'Trump', role: 'person', slot: 'trump', pattern: (n) => n.split(' ').pop()! },
  { text: 'Facebook', role: 'product', slot: 'facebook' },
  { text: 'Instagram', role: 'product', slot: 'instagram' },
  { text: 'WhatsApp', role: 'product', slot: 'whatsapp' },
  { text: 'Threads', role: 'product', slot: 'threads' },
  { text: 'ChatGPT', role: 'product', slot: 'chatgpt' },
  { text: 'LMArena', role: 'product', slot: 'lmarena' },
  { text: 'Prometheus', role: 'project', slot: 'prometheus' },
  { text: 'Hyperion', role: 'project', slot: 'hyperion' },
  { text: 'Stargate', role: 'project', slot: 'stargate' },
  { text: 'Llama', role: 'model', slot: 'llama' },
  { text: 'Grok', role: 'model', slot: 'grok' },
  { text: 'Ohio', role: 'state', slot: 'ohio' },
  { text: 'Louisiane', role: 'state', slot: 'louisiane' },
  { text: 'Californie', role: 'state', slot: 'californie' },
  { text: 'Menlo Park', role: 'city', slot: 'menlo' },
  { text: 'Lyon', role: 'city', slot: 'lyon' },
  { text: 'Marseille', role: 'city', slot: 'marseille' },
];

const STATES = ['Texas', 'Arizona', 'Nevada', 'Géorgie', 'Oregon', 'Utah', 'Iowa', 'Virginie', 'Caroline du Nord', 'Floride', 'Nebraska', 'Wyoming'];
const CITIES = ['Bordeaux', 'Toulouse', 'Nantes', 'Lille', 'Grenoble', 'Rennes', 'Dijon', 'Austin', 'Phoenix', 'Denver', 'Seattle', 'Boise'];
const FIRST_NAMES = ['Anna', 'Louis', 'Claire', 'Hugo', 'Sofia', 'Malik', 'Inès', 'Victor', 'Lena', 'Omar', 'Julia', 'Noah', 'Chloé', 'Yanis', 'Eva', 'Marc'];
const ONSETS = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'dr', 'kr', 'tr', 'st', 'gl', 'pl', 'th', 'ch'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou', 'ia', 'eo', 'y'];
const CODAS = ['', '', '', 'n', 'r', 'l', 's', 'x', 'th', 'm', 'k'];

const ENTITY_REGEX = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${[...ENTITIES].sort((a, b) => b.text.length - a.text.length).map((e) => e.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\p{L}\\p{N}])`,
  'gu',
);
const BY_TEXT = new Map(ENTITIES.map((e) => [e.text, e]));

/** Made-up names (`Travolin`, `Glaxeo`), unique, none a word of the real articles. */
class NameMaker {
  private readonly used = new Set<string>();

  constructor(
    private readonly rng: Rng,
    private readonly forbidden: Set<string>,
  ) {}

  make(syllables = 2 + (this.rng.chance(0.4) ? 1 : 0)): string {
    for (;;) {
      let s = '';
      for (let i = 0; i < syllables; i++) s += this.rng.pick(ONSETS) + this.rng.pick(VOWELS);
      s += this.rng.pick(CODAS);
      const name = s[0].toUpperCase() + s.slice(1);
      const key = fold(name);
      if (name.length < 5 || this.used.has(key) || this.forbidden.has(key)) continue;
      this.used.add(key);
      return name;
    }
  }
}

/** What a synthetic article speaks of, for the questions. */
export interface SyntheticFacts {
  articleId: string;
  org: string;
  ceo: string;
  projects: string[];
  competitors: string[];
  models: string[];
}

export interface SyntheticCorpus {
  articles: Article[];
  facts: SyntheticFacts[];
  /** Made-up names no article uses, for off-topic questions. */
  unknownNames: string[];
}

interface Block {
  text: string;
  heading: boolean;
}

const blocksOf = (body: string): Block[] =>
  body
    .split(/\n[ \t]*\n/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((text) => ({ text, heading: /^#{1,6}\s/.test(text) }));

export function synthesize(real: Article[], count: number, seed = 42): SyntheticCorpus {
  if (!real.length) throw new Error('no real articles to scale from');
  const rng = new Rng(seed);
  const vocabulary = new Set<string>();
  for (const a of real) for (const w of `${a.title} ${a.body}`.split(/[^\p{L}]+/u)) if (w) vocabulary.add(fold(w));
  const names = new NameMaker(rng, vocabulary);
  // Pools grow with the corpus, as they do in the news: a company is in a few articles, not all.
  const pool = (n: number, make: () => string) => Array.from({ length: Math.max(8, Math.round(n)) }, make);
  const pools: Record<Role, string[]> = {
    org: pool(count / 4, () => names.make()),
    person: pool(count / 2, () => `${rng.pick(FIRST_NAMES)} ${names.make()}`),
    project: pool(count / 2, () => names.make()),
    product: pool(count / 5, () => names.make()),
    model: pool(count / 10, () => names.make()),
    state: STATES,
    city: CITIES,
  };
  const templates = real.map((a) => ({ article: a, blocks: blocksOf(a.body) }));
  const paragraphs = templates.flatMap((t) => t.blocks.filter((b) => !b.heading));

  const articles: Article[] = [];
  const facts: SyntheticFacts[] = [];
  for (let n = 0; n < count; n++) {
    const template = rng.pick(templates);
    const blocks: string[] = [];
    for (const b of template.blocks) {
      if (b.heading) blocks.push(b.text);
      else if (rng.chance(0.1)) continue;
      else blocks.push(rng.chance(0.3) ? rng.pick(paragraphs).text : b.text);
      if (!b.heading && rng.chance(0.1)) blocks.push(rng.pick(paragraphs).text);
    }
    // Each slot (the main company, its CEO, each competitor…) gets a name of its role's pool.
    const bySlot = new Map<string, string>();
    const nameOf = (slot: string, role: Role) => {
      let name = bySlot.get(slot);
      if (!name) {
        do name = rng.pick(pools[role]);
        while ([...bySlot.values()].includes(name) && pools[role].length > bySlot.size);
        bySlot.set(slot, name);
      }
      return name;
    };
    const numbers = new Map<string, string>();
    const used = new Map<string, Set<string>>();
    const rename = (text: string) =>
      text
        .replace(ENTITY_REGEX, (m) => {
          const e = BY_TEXT.get(m)!;
          const name = nameOf(e.slot, e.role);
          (used.get(e.slot) ?? used.set(e.slot, new Set()).get(e.slot)!).add(name);
          return e.pattern ? e.pattern(name) : name;
        })
        .replace(/(?<![\p{L}\d])\d+(?!\d)/gu, (digits, offset: number, whole: string) => {
          // `Llama 4`, `Grok 4` stay names.
          if (digits.length <= 2 && /\p{Lu}[\p{L}]*\s$/u.test(whole.slice(Math.max(0, offset - 20), offset))) return digits;
          let out = numbers.get(digits);
          if (!out) {
            if (/^(19|20)\d\d$/.test(digits)) out = String(Number(digits) + rng.int(-2, 2));
            else
              out = [...digits]
                .map((d, i) => (i === 0 && d !== '0' ? String(rng.int(1, 9)) : String(rng.int(0, 9))))
                .join('');
            numbers.set(digits, out);
          }
          return out;
        });
    const id = `bench-${String(n).padStart(5, '0')}`;
    const body = rename(blocks.join('\n\n'));
    const title = rename(template.article.title);
    const month = rng.int(1, 12);
    const day = rng.int(1, 28);
    const year = rng.int(2024, 2026);
    const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    articles.push({
      id,
      title,
      source: rng.chance(0.8) ? rng.pick(['lemonde.fr', 'lesechos.fr', 'onemedia.fr', 'siecledigital.fr', 'usine-digitale.fr']) : null,
      url: rng.chance(0.5) ? `https://example.org/${id}` : null,
      date: iso,
      lang: 'fr',
      added: `${iso}T09:00:00Z`,
      body,
    });
    const present = (slot: string) => [...(used.get(slot) ?? [])];
    facts.push({
      articleId: id,
      org: bySlot.get('main') ?? nameOf('main', 'org'),
      ceo: bySlot.get('ceo') ?? nameOf('ceo', 'person'),
      projects: ['prometheus', 'hyperion', 'stargate'].flatMap(present),
      competitors: ['openai', 'xai', 'anthropic', 'google', 'microsoft', 'amazon', 'mistral', 'nvidia'].flatMap(present),
      models: ['llama', 'grok'].flatMap(present),
    });
  }
  const unknownNames = Array.from({ length: 50 }, () => names.make(3));
  return { articles, facts, unknownNames };
}

export interface BenchQuestion {
  text: string;
  lang: 'en' | 'fr';
  kind: 'ask' | 'sources';
}

const ASK_EN: ((f: SyntheticFacts, p: string) => string)[] = [
  (_f, p) => `how big is ${p}`,
  (_f, p) => `how much power will ${p} use`,
  (_f, p) => `where is ${p} being built`,
  (_f, p) => `when will ${p} come online`,
  (f) => `how many GPUs does ${f.org} have`,
  (f) => `how much is ${f.org} investing in AI infrastructure`,
  (f) => `who is the CEO of ${f.org}`,
  (f) => `how many people does ${f.org} employ`,
  (f) => `what did ${f.ceo} say about superintelligence`,
  (f) => `how much is ${f.org} spending on data centers`,
];
const ASK_FR: ((f: SyntheticFacts, p: string) => string)[] = [
  (_f, p) => `quelle est la puissance de ${p}`,
  (_f, p) => `où se trouve ${p}`,
  (_f, p) => `quand ${p} sera-t-il opérationnel`,
  (_f, p) => `quelle est la taille du datacenter ${p}`,
  (f) => `combien d'employés chez ${f.org}`,
  (f) => `combien ${f.org} investit-il dans l'IA`,
  (f) => `qui dirige ${f.org}`,
  (f) => `combien de puces ${f.org} possède-t-il`,
  (f) => `que pense ${f.ceo} de la superintelligence`,
  (f) => `combien de milliards ${f.org} dépense-t-il en centres de données`,
];
const OFF_TOPIC = [
  (n: string) => `what is the population of ${n}`,
  (n: string) => `quel temps fait-il à ${n}`,
  (n: string) => `who founded ${n}`,
];

/** One letter swapped with the next: `Hyperion` → `Hypreion`, what people type in a hurry. */
function typo(rng: Rng, name: string): string {
  const word = name.split(' ').pop()!;
  if (word.length < 6) return name;
  const i = rng.int(1, word.length - 3);
  const swapped = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
  return name.slice(0, name.length - word.length) + swapped;
}

/**
 * Mixed questions over the synthetic corpus: English and French, about its companies, people and
 * projects; a few with a typo in the name, a few about names no article uses.
 */
export function questions(corpus: SyntheticCorpus, count: number, seed = 7): BenchQuestion[] {
  const rng = new Rng(seed);
  const out: BenchQuestion[] = [];
  while (out.length < count) {
    const f = rng.pick(corpus.facts);
    const roll = rng.next();
    const project = f.projects.length ? rng.pick(f.projects) : f.org;
    if (roll < 0.05) {
      out.push({ text: rng.pick(OFF_TOPIC)(rng.pick(corpus.unknownNames)), lang: 'en', kind: 'ask' });
    } else if (roll < 0.1) {
      out.push({ text: `how big is ${typo(rng, project)}`, lang: 'en', kind: 'ask' });
    } else if (roll < 0.55) {
      out.push({ text: rng.pick(ASK_EN)(f, project), lang: 'en', kind: 'ask' });
    } else {
      out.push({ text: rng.pick(ASK_FR)(f, project), lang: 'fr', kind: 'ask' });
    }
  }
  return out;
}

/** Topics for `sources`: names of the corpus, a few plain words, a few typos. */
export function topics(corpus: SyntheticCorpus, count: number, seed = 11): string[] {
  const rng = new Rng(seed);
  const words = ['superintelligence', 'datacenters', 'centres de données', 'puces', 'investissements', 'talents'];
  const out: string[] = [];
  while (out.length < count) {
    const f = rng.pick(corpus.facts);
    const roll = rng.next();
    if (roll < 0.3) out.push(f.org);
    else if (roll < 0.5) out.push(f.projects.length ? rng.pick(f.projects) : f.ceo);
    else if (roll < 0.65) out.push(f.ceo);
    else if (roll < 0.8) out.push(`${rng.pick(words)} ${f.org}`);
    else if (roll < 0.9) out.push(rng.pick(words));
    else out.push(typo(rng, f.org));
  }
  return out;
}
