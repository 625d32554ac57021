import MiniSearch, { type AsPlainObject, type Options, type SearchResult } from 'minisearch';
import { fieldOf, FIELDS, normaliseTerm, splitWords, type NoteDocument, type SectionText } from './documents';
import { chooseSection, sectionTerms, type SectionTerms } from './landing';
import { FIELD_BOOSTS, matchForm, planQuery, type FormMatch } from './queryPolicy';

/** One note found, at the section it should open. */
export interface SearchHit {
  noteId: string;
  anchor: string;
  score: number;
  /** The forms of the query words found in that section (for excerpts and highlighting). */
  terms: string[];
  /** The note has only some of the query's words; such hits follow the others. */
  partial: boolean;
  /** Query words this note matched only through a typo or a letter swap (e.g. "oauth" by "auth"). */
  approximate: string[];
}

export interface SearchOptions {
  /** At most this many notes. */
  limit?: number;
}

/** What `toJSON` writes and `load` reads. */
export interface SerialisedSearch {
  format: typeof FORMAT;
  version: typeof FORMAT_VERSION;
  /** MiniSearch's own serialisation. */
  index: AsPlainObject;
  /** Per note id, its sections in order. */
  sections: Record<string, SectionText[]>;
}

const FORMAT = 'engineering-notes-search';
const FORMAT_VERSION = 3;

/** MiniSearch configured once: build, load and every update must agree on these. */
const OPTIONS: Options<NoteDocument> = {
  fields: [...FIELDS],
  storeFields: [],
  extractField: (doc, field) => fieldOf(doc, field),
  tokenize: splitWords,
  processTerm: (term) => normaliseTerm(term),
  searchOptions: { boost: { ...FIELD_BOOSTS } },
};

/** A damaged or foreign search file: the message says what is wrong and where. */
export class SearchDataError extends Error {
  constructor(
    readonly where: string,
    readonly problem: string,
  ) {
    super(`search data ${where}: ${problem}`);
    this.name = 'SearchDataError';
  }
}

/** Notes whose section terms are kept for choosing sections (the rest are recounted on need). */
const TERM_CACHE = 2_000;

/**
 * The search over a set of notes: one MiniSearch document per note, sections beside it. Notes can
 * be added, replaced and discarded one at a time (MiniSearch's add, replace, discard), so workspace
 * notes can follow their files.
 */
export class SearchIndex {
  private readonly sections = new Map<string, SectionText[]>();
  private readonly terms = new Map<string, SectionTerms[]>();

  private constructor(private readonly mini: MiniSearch<NoteDocument>) {}

  static create(docs: readonly NoteDocument[] = []): SearchIndex {
    const index = new SearchIndex(new MiniSearch<NoteDocument>(OPTIONS));
    for (const d of docs) index.add(d);
    return index;
  }

  /** Loads what `toJSON` wrote (already parsed); `where` names the file in error messages. */
  static load(data: unknown, where: string): SearchIndex {
    const json = checkSerialised(data, where);
    let mini: MiniSearch<NoteDocument>;
    try {
      mini = MiniSearch.loadJS<NoteDocument>(json.index, OPTIONS);
    } catch (e) {
      throw new SearchDataError(where, `index: ${(e as Error).message}`);
    }
    const index = new SearchIndex(mini);
    for (const [id, sections] of Object.entries(json.sections)) index.sections.set(id, sections);
    for (const id of index.sections.keys()) {
      if (!mini.has(id)) throw new SearchDataError(where, `sections of "${id}", a note the index does not have`);
    }
    if (mini.documentCount !== index.sections.size) throw new SearchDataError(where, `the index has ${mini.documentCount} notes, the sections ${index.sections.size}`);
    return index;
  }

  /** Parses and loads a serialised index. */
  static loadJSON(json: string, where: string): SearchIndex {
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch (e) {
      throw new SearchDataError(where, `not JSON (${(e as Error).message})`);
    }
    return SearchIndex.load(data, where);
  }

  toJSON(): SerialisedSearch {
    return { format: FORMAT, version: FORMAT_VERSION, index: this.mini.toJSON(), sections: Object.fromEntries(this.sections) };
  }

  get documentCount(): number {
    return this.mini.documentCount;
  }

  has(id: string): boolean {
    return this.sections.has(id);
  }

  /** The note's sections as indexed. */
  sectionsOf(id: string): readonly SectionText[] | undefined {
    return this.sections.get(id);
  }

  add(doc: NoteDocument): void {
    if (this.sections.has(doc.id)) throw new Error(`SearchIndex: note "${doc.id}" is already indexed (use replace)`);
    this.mini.add(doc);
    this.sections.set(doc.id, doc.sections);
  }

  /** Adds the note, or replaces the one with its id. */
  replace(doc: NoteDocument): void {
    if (!this.sections.has(doc.id)) return this.add(doc);
    this.mini.replace(doc);
    this.sections.set(doc.id, doc.sections);
    this.terms.delete(doc.id);
  }

  /** Removes a note; false when there was none with that id. */
  discard(id: string): boolean {
    if (!this.sections.has(id)) return false;
    this.mini.discard(id);
    this.sections.delete(id);
    this.terms.delete(id);
    return true;
  }

  /**
   * Counts every note's section terms now, for an index of at most `maxNotes` notes (the bundled
   * ones): in the pause before the first keystroke rather than in the first search.
   */
  prepareLanding(maxNotes = 200): void {
    if (this.sections.size > maxNotes) return;
    for (const [id, sections] of this.sections) this.termsOf(id, sections);
  }

  /**
   * Searches as a person types: notes with every word first (those found only through a close
   * spelling of a word after the others), then notes with some of the words (`partial`), each
   * group best first; one hit per note, at its best section.
   */
  search(text: string, options: SearchOptions = {}): SearchHit[] {
    const limit = options.limit ?? 20;
    const plan = planQuery(text);
    if (!plan || limit <= 0) return [];
    // Every word first (AND keeps MiniSearch's result maps small); only when that leaves room,
    // notes with some of the words.
    const full = this.mini.search(plan.all).slice(0, limit);
    const partial: SearchResult[] = [];
    if (full.length < limit && plan.words.length > 1) {
      const all = plan.words.length;
      const taken = new Set(full.map((r) => r.id as string));
      for (const r of this.mini.search(plan.some)) {
        if (taken.has(r.id as string)) continue;
        // Coverage from the query terms MiniSearch matched (a swap counts for its word).
        let mask = 0;
        for (const q of r.queryTerms) {
          const w = plan.wordOf.get(q);
          if (w !== undefined) mask |= 1 << w;
        }
        if (popcount(mask) < all) partial.push(r);
        if (partial.length >= limit - full.length) break;
      }
    }
    // Notes with every word as typed, then those that needed a close spelling for one, then the
    // partial ones: each group best first.
    const hits = full.map((r) => this.hit(r, plan, false));
    const ordered = [...hits.filter((h) => !h.approximate.length), ...hits.filter((h) => h.approximate.length)];
    for (const r of partial) ordered.push(this.hit(r, plan, true));
    return ordered;
  }

  private hit(r: SearchResult, plan: NonNullable<ReturnType<typeof planQuery>>, partial: boolean): SearchHit {
    const noteId = r.id as string;
    const forms = new Map<string, FormMatch[]>();
    const exactly = new Set<number>();
    const approx = new Set<number>();
    for (const form of r.terms) {
      const m = matchForm(plan, form);
      if (!m.length) continue;
      forms.set(form, m);
      for (const x of m) (x.approximate ? approx : exactly).add(x.word);
    }
    const sections = this.sections.get(noteId) ?? [];
    const landing = chooseSection(this.termsOf(noteId, sections), forms, plan.words.length);
    return {
      noteId,
      anchor: sections[landing.section]?.anchor ?? '',
      score: r.score,
      terms: landing.forms.length ? landing.forms : [...forms.keys()].slice(0, plan.words.length),
      partial,
      approximate: [...approx].filter((w) => !exactly.has(w)).map((w) => plan.words[w].term),
    };
  }

  private termsOf(id: string, sections: readonly SectionText[]): SectionTerms[] {
    let t = this.terms.get(id);
    if (t) {
      // Most recently used last, so the oldest goes first when the cache is full.
      this.terms.delete(id);
    } else {
      t = sectionTerms(sections);
      if (this.terms.size >= TERM_CACHE) this.terms.delete(this.terms.keys().next().value as string);
    }
    this.terms.set(id, t);
    return t;
  }
}

/**
 * The heading a hit is listed under, as the picker and the command line show it: '' for notes with
 * every word as typed, then "Close spellings", then "Some of the words".
 */
export function hitGroup(hit: Pick<SearchHit, 'partial' | 'approximate'>): '' | 'Close spellings' | 'Some of the words' {
  if (hit.partial) return 'Some of the words';
  return hit.approximate.length ? 'Close spellings' : '';
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v; v &= v - 1) n++;
  return n;
}

/** Checks the parts MiniSearch and the sections need, so a damaged file fails here with a reason. */
function checkSerialised(data: unknown, where: string): SerialisedSearch {
  const bad = (problem: string) => new SearchDataError(where, problem);
  if (!isObject(data)) throw bad(`expected an object, found ${describe(data)}`);
  if (data.format !== FORMAT || data.version !== FORMAT_VERSION) {
    throw bad(`not a search index of this version (format ${describe(data.format)} version ${describe(data.version)}, expected "${FORMAT}" version ${FORMAT_VERSION}); rebuild it`);
  }
  const index = data.index;
  if (!isObject(index)) throw bad(`index: expected an object, found ${describe(index)}`);
  for (const key of ['documentIds', 'fieldIds', 'fieldLength', 'storedFields'] as const) {
    if (!isObject(index[key])) throw bad(`index.${key}: expected an object, found ${describe(index[key])}`);
  }
  if (!Array.isArray(index.index)) throw bad(`index.index: expected a list of terms, found ${describe(index.index)}`);
  if (!Array.isArray(index.averageFieldLength)) throw bad(`index.averageFieldLength: expected a list, found ${describe(index.averageFieldLength)}`);
  if (typeof index.documentCount !== 'number') throw bad(`index.documentCount: expected a number, found ${describe(index.documentCount)}`);
  const fieldIds = index.fieldIds as Record<string, unknown>;
  for (const f of FIELDS) if (typeof fieldIds[f] !== 'number') throw bad(`index.fieldIds: no field "${f}" (an index built with other fields)`);
  index.index.forEach((entry, i) => {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !isObject(entry[1])) throw bad(`index.index[${i}]: expected [term, postings], found ${describe(entry)}`);
  });
  const sections = data.sections;
  if (!isObject(sections)) throw bad(`sections: expected an object of note ids, found ${describe(sections)}`);
  for (const [id, list] of Object.entries(sections)) {
    if (!Array.isArray(list)) throw bad(`sections["${id}"]: expected a list of sections, found ${describe(list)}`);
    list.forEach((s, i) => {
      if (!isObject(s) || typeof s.anchor !== 'string' || typeof s.heading !== 'string' || typeof s.text !== 'string') {
        throw bad(`sections["${id}"][${i}]: expected {anchor, heading, text}, found ${describe(s)}`);
      }
    });
  }
  return data as unknown as SerialisedSearch;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'a list';
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  return typeof x === 'object' ? 'an object' : typeof x === 'number' || typeof x === 'boolean' ? String(x) : typeof x;
}
