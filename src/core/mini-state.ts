// minisearch's index as compact plain data, for snapshots. `toJSON()`/`loadJS()` spell every posting
// list as an object with numeric keys, which `loadJS` turns back into Maps one parseInt at a time:
// at 10,000 articles that alone took over a second of a 4-second start. Here postings are flat
// number arrays (document ids delta-encoded) written into minisearch's own Maps directly. That
// needs minisearch's internals (7.x); when they are not what this expects, the standard JSON form
// is used instead, so an upgrade can slow a load down but not break it.
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';

type Postings = Map<number, Map<number, number>>;

interface Internals {
  _index: { set(term: string, data: Postings): unknown; [Symbol.iterator](): Iterator<[string, Postings]> };
  _documentCount: number;
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _nextId: number;
  _storedFields: Map<number, unknown>;
  _dirtCount: number;
}

export type MiniState =
  | { kind: 'json'; data: AsPlainObject }
  | {
      kind: 'compact';
      documentCount: number;
      nextId: number;
      fieldIds: Record<string, number>;
      averageFieldLength: number[];
      dirtCount: number;
      /** Short ids, delta-encoded, and the document id of each. */
      shortIds: number[];
      ids: unknown[];
      /** Each document's field lengths, one per field, in short-id order. */
      fieldLengths: number[];
      storedFields: [number, unknown][];
      /** Per term: the term, then for each field: field id, posting count, delta-encoded short ids, term frequencies. */
      index: (string | number)[][];
    };

function internalsOf(mini: MiniSearch<unknown>): Internals | null {
  const m = mini as unknown as Partial<Internals>;
  const maps = [m._documentIds, m._idToShortId, m._fieldLength, m._storedFields];
  if (!maps.every((x) => x instanceof Map)) return null;
  if (typeof m._index?.set !== 'function' || typeof m._index?.[Symbol.iterator] !== 'function') return null;
  if (typeof m._nextId !== 'number' || typeof m._documentCount !== 'number' || typeof m._dirtCount !== 'number') return null;
  if (!Array.isArray(m._avgFieldLength) || typeof m._fieldIds !== 'object' || m._fieldIds === null) return null;
  return m as Internals;
}

export function saveMini(mini: MiniSearch<unknown>): MiniState {
  const m = internalsOf(mini);
  if (!m) return { kind: 'json', data: mini.toJSON() };
  const fieldCount = Object.keys(m._fieldIds).length;
  const shortIds: number[] = [];
  const ids: unknown[] = [];
  const fieldLengths: number[] = [];
  let previous = 0;
  for (const [shortId, id] of m._documentIds) {
    const lengths = m._fieldLength.get(shortId);
    // A document missing a field length (a field minisearch skipped): the standard form copes.
    if (!lengths || lengths.length !== fieldCount || lengths.some((n) => typeof n !== 'number')) return { kind: 'json', data: mini.toJSON() };
    shortIds.push(shortId - previous);
    previous = shortId;
    ids.push(id);
    fieldLengths.push(...lengths);
  }
  const index: (string | number)[][] = [];
  for (const [term, fields] of m._index) {
    const row: (string | number)[] = [term];
    for (const [fieldId, postings] of fields) {
      row.push(fieldId, postings.size);
      let last = 0;
      for (const shortId of postings.keys()) {
        row.push(shortId - last);
        last = shortId;
      }
      for (const tf of postings.values()) row.push(tf);
    }
    index.push(row);
  }
  return {
    kind: 'compact',
    documentCount: m._documentCount,
    nextId: m._nextId,
    fieldIds: m._fieldIds,
    averageFieldLength: m._avgFieldLength,
    dirtCount: m._dirtCount,
    shortIds,
    ids,
    fieldLengths,
    storedFields: [...m._storedFields],
    index,
  };
}

export function loadMini<T>(state: MiniState, options: Options<T>): MiniSearch<T> {
  if (state.kind === 'json') return MiniSearch.loadJS<T>(state.data, options);
  if (state.kind !== 'compact') throw new Error('unknown minisearch state');
  const mini = MiniSearch.loadJS<T>(
    {
      documentCount: state.documentCount,
      nextId: state.nextId,
      fieldIds: state.fieldIds,
      averageFieldLength: state.averageFieldLength,
      dirtCount: state.dirtCount,
      documentIds: {},
      fieldLength: {},
      storedFields: {},
      index: [],
      serializationVersion: 2,
    },
    options,
  );
  const m = internalsOf(mini as MiniSearch<unknown>);
  if (!m) throw new Error('this minisearch cannot load a compact index');
  const fieldCount = Object.keys(state.fieldIds).length;
  if (state.ids.length !== state.shortIds.length || state.fieldLengths.length !== state.ids.length * fieldCount)
    throw new Error('document tables disagree');
  let shortId = 0;
  for (let i = 0; i < state.ids.length; i++) {
    shortId += state.shortIds[i];
    const id = state.ids[i];
    m._documentIds.set(shortId, id);
    m._idToShortId.set(id, shortId);
    m._fieldLength.set(shortId, state.fieldLengths.slice(i * fieldCount, (i + 1) * fieldCount));
  }
  for (const [shortId, fields] of state.storedFields) m._storedFields.set(shortId, fields);
  for (const row of state.index) {
    const term = row[0];
    if (typeof term !== 'string') throw new Error('bad index row');
    const fields: Postings = new Map();
    for (let at = 1; at < row.length; ) {
      const fieldId = row[at] as number;
      const n = row[at + 1] as number;
      const docsAt = at + 2;
      const tfsAt = docsAt + n;
      if (!Number.isInteger(n) || n < 0 || tfsAt + n > row.length) throw new Error(`bad postings for ${term}`);
      const postings = new Map<number, number>();
      let doc = 0;
      for (let k = 0; k < n; k++) {
        doc += row[docsAt + k] as number;
        postings.set(doc, row[tfsAt + k] as number);
      }
      fields.set(fieldId, postings);
      at = tfsAt + n;
    }
    m._index.set(term, fields);
  }
  return mini;
}
