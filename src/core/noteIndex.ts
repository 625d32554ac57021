/**
 * Full-text search over notes at section granularity, so a query lands on the heading that answers
 * it, fast enough to run on every keystroke over tens of thousands of notes.
 *
 * Scoring is MiniSearch's: BM25+ per field (k 1.2, b 0.7, d 0.5) with field boosts, prefix and
 * fuzzy expansions weighted as MiniSearch weighs them, a result's score multiplied by the number of
 * query terms it matched, AND first and OR when AND finds nothing. The engine underneath is ours,
 * for three measured reasons (docs/performance.md):
 * - MiniSearch scores every matching document into a Map of result objects and sorts them all.
 *   At 10,000 notes a common word matches nearly every section and one keystroke took up to
 *   440 ms. Here postings are flat arrays, scores accumulate into typed arrays indexed by section
 *   number, and only the best `limit` notes are ever turned into objects.
 * - The title, summary and tags belong to the note, not to each section. MiniSearch needed them
 *   repeated on every section document, which multiplied the index; here they are indexed once per
 *   note and added to each section's score.
 * - MiniSearch rebuilds its radix tree on load (about 20 ms for the bundled notes, seconds at
 *   scale). Here the vocabulary is saved sorted, so loading is a JSON parse and a delta decode;
 *   prefix lookup is a binary search and fuzzy lookup walks the sorted array as an implicit trie.
 * What a search finds and how it ranks is pinned by the relevance tests over the bundled notes.
 */

/** What one section contributes to the index. */
export interface SectionDoc {
  /** `noteId#anchor`; anchor '' is the introduction. */
  id: string;
  noteId: string;
  anchor: string;
  /** The note's title, summary and tags: the same on every section of a note. */
  title: string;
  heading: string;
  summary: string;
  tags: string;
  text: string;
}

export interface SearchHit {
  noteId: string;
  anchor: string;
  score: number;
  /** Query terms as found in the documents (for highlighting and excerpts). */
  terms: string[];
  /** True when the note has only some of the query's words; such hits follow the others. */
  partial: boolean;
}

/** Field boosts: a title hit outranks a heading hit outranks tags, summary and body. */
export const FIELD_BOOSTS = { title: 6, heading: 4, tags: 3, summary: 2, text: 1 } as const;

const STOP_WORDS = new Set(
  'a an and are as at be but by do does for from how i if in into is it its of on or so that the then there these this to was what when where which who why will with'.split(' '),
);

/**
 * Normalises a word for indexing and querying: lower case, and plural/verb endings folded so
 * "retries" finds "retry" and "timeouts" finds "timeout". Returns null for stop words.
 */
export function normaliseTerm(term: string): string | null {
  const t = term.toLowerCase();
  if (STOP_WORDS.has(t)) return null;
  if (t.length > 4 && t.endsWith('ies')) return t.slice(0, -3) + 'y';
  if (t.length > 4 && /(?:ss|sh|ch|x)es$/.test(t)) return t.slice(0, -2);
  if (t.length > 3 && t.endsWith('s') && !/(?:ss|us|is)$/.test(t)) return t.slice(0, -1);
  return t;
}

/** Words are split on white space and punctuation, as MiniSearch's default tokenizer does. */
const SPACE_OR_PUNCTUATION = /[\n\r\p{Z}\p{P}]+/u;

/** The normalised terms of a text, in order, stop words dropped. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const word of text.split(SPACE_OR_PUNCTUATION)) {
    if (!word) continue;
    const term = normaliseTerm(word);
    if (term) out.push(term);
  }
  return out;
}

/** Fields in index order: the first three belong to a note, the last two to a section. */
const FIELDS = ['title', 'summary', 'tags', 'heading', 'text'] as const;
const NOTE_FIELDS = 3;
const BOOSTS = FIELDS.map((f) => FIELD_BOOSTS[f]);
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
/** MiniSearch's default weights of a prefix and a fuzzy expansion against an exact match. */
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
/** A bit per query term records which terms a note or section matched. */
const MAX_QUERY_TERMS = 30;
const MAX_FUZZY_WORD = 64;
/** Saved weights keep three decimals: short JSON, and a saved index answers exactly as the built one. */
const QUANTUM = 1000;

/** Target numbers (ascending) and their BM25 term weights. */
interface PostingList {
  ids: number[];
  vals: number[];
}

/**
 * The postings of one term in one field. Entries added after the index was built or loaded go to
 * `more`: appending to a long array built by JSON.parse or at build time reallocates and copies
 * it, and a note touches about a thousand terms, which made the first updates take 30-90 ms.
 */
interface Postings extends PostingList {
  more?: PostingList;
  /** As saved, until a query first reads the list (see `decoded`). */
  packed?: number[];
  /** While packed: how many targets there are (a saved id must be below it). */
  limit?: number;
  /** The index's removal count when dead entries were last pruned from this list. */
  prunedAt?: number;
}

/** The serialised form (what `toJSON` returns). */
interface IndexJson {
  format: typeof FORMAT;
  version: typeof FORMAT_VERSION;
  avg: number[];
  notes: string[];
  sectionNote: number[];
  sectionAnchor: string[];
  /** Sorted. */
  terms: string[];
  /** Per term, per field: 0, or the ids delta-encoded followed by the weights times QUANTUM. */
  postings: (0 | number[])[][];
}

/**
 * New terms wait in a short sorted list before they join the main one. Inserting into it moves at
 * most this many entries; merging moves every term (about 5 ms at 200,000), so it should be rare:
 * an edited note brings a few dozen new terms, so this is a merge every few hundred edits.
 */
const MAX_RECENT_TERMS = 16_384;

const FORMAT = 'engineering-notes-search-index';
const EMPTY_PACKED: (0 | number[])[] = [];
const NONE: number[] = [];

/** A posting list with its saved entries decoded (once). */
function decoded(p: Postings): Postings {
  const { packed } = p;
  if (packed) {
    const half = packed.length / 2;
    const ids = packed.slice(0, half);
    for (let j = 1; j < half; j++) ids[j] += ids[j - 1];
    // Checked as decoded (checking every list at load cost the first search 2 ms).
    for (let j = 0; j < half; j++) {
      if (!Number.isInteger(ids[j]) || ids[j] < 0 || ids[j] >= p.limit! || (j > 0 && ids[j] <= ids[j - 1]) || typeof packed[half + j] !== 'number') {
        throw new Error('search index: damaged postings');
      }
    }
    p.ids = ids;
    p.vals = packed.slice(half).map((v) => v / QUANTUM);
    p.packed = undefined;
  }
  return p;
}

/** Drops the entries of removed notes and sections from a posting list. */
function prune(p: Postings, live: readonly boolean[], removals: number): void {
  for (const list of p.more ? [decoded(p), p.more] : [decoded(p)]) {
    let kept = 0;
    for (let i = 0; i < list.ids.length; i++) {
      if (!live[list.ids[i]]) continue;
      list.ids[kept] = list.ids[i];
      list.vals[kept] = list.vals[i];
      kept++;
    }
    list.ids.length = kept;
    list.vals.length = kept;
  }
  p.prunedAt = removals;
}

/** Entries in a posting list, decoded or not. */
function sizeOf(p: Postings): number {
  return (p.packed ? p.packed.length / 2 : p.ids.length) + (p.more?.ids.length ?? 0);
}
const FORMAT_VERSION = 1;

export interface QueryOptions {
  /** At most this many notes in the result. */
  limit?: number;
}

/** One way a query term is found in the vocabulary. */
interface Expansion {
  term: number;
  weight: number;
}

/** A ready index: build it from sections, or load a serialised one. */
export class NoteIndex {
  // Notes: numbered in the order they were added; a replaced note gets a new number.
  private readonly noteIds: string[] = [];
  private readonly noteLive: boolean[] = [];
  private readonly noteSections: number[][] = [];
  // Sections, numbered likewise.
  private readonly sectionNote: number[] = [];
  private readonly sectionAnchor: string[] = [];
  private readonly sectionLive: boolean[] = [];
  private liveNotes = 0;
  private liveSections = 0;
  /** Average length of each field, fixed when the index is built (updates are too few to move it). */
  private avg: number[] = FIELDS.map(() => 1);
  private readonly noteNumber = new Map<string, number>();
  // Vocabulary: term number -> term, term -> number, and term numbers in sorted term order: the
  // terms of the build or load in `sorted`, terms added since in `recent`, a short sorted list
  // merged into `sorted` when it grows (inserting into a list of 200,000 terms on every new word
  // of an edited note cost tens of ms).
  private readonly terms: string[] = [];
  private readonly termNumber = new Map<string, number>();
  private sorted: number[] = [];
  private recent: number[] = [];
  /** Notes removed so far: a posting list read since the last removal holds live entries only. */
  private removals = 0;
  /** Set once built or loaded: from then on, postings are appended to their `more` list. */
  private sealed = false;
  private readonly postings: ((Postings | undefined)[] | undefined)[] = [];
  /** Saved postings of terms not decoded yet (see `fieldsOf`). */
  private readonly packed: (0 | number[])[][] = [];
  // Query scratch space, reused and cleared after each query.
  private noteScore = new Float64Array(0);
  private noteMask = new Int32Array(0);
  private sectionScore = new Float64Array(0);
  private sectionMask = new Int32Array(0);
  private bestScore = new Float64Array(0);
  /** -1 where a note has no candidate section yet. */
  private bestSection = new Int32Array(0);
  private bestMask = new Int32Array(0);

  private constructor() {}

  static build(docs: readonly SectionDoc[]): NoteIndex {
    const index = new NoteIndex();
    const notes = groupByNote(docs);
    // Average field lengths first: every term weight depends on them.
    const sums = FIELDS.map(() => 0);
    let sectionCount = 0;
    for (const note of notes) {
      for (let f = 0; f < NOTE_FIELDS; f++) sums[f] += note.fields[f].length;
      for (const s of note.sections) {
        sums[3] += s.heading.length;
        sums[4] += s.text.length;
        sectionCount++;
      }
    }
    index.avg = sums.map((sum, f) => Math.max(1, sum / Math.max(1, f < NOTE_FIELDS ? notes.length : sectionCount)));
    // Terms are numbered in sorted order, so a fresh index needs no sorting later.
    const vocabulary = new Set<string>();
    for (const note of notes) {
      for (const field of note.fields) for (const t of field) vocabulary.add(t);
      for (const s of note.sections) {
        for (const t of s.heading) vocabulary.add(t);
        for (const t of s.text) vocabulary.add(t);
      }
    }
    for (const term of [...vocabulary].sort()) index.termOf(term);
    for (const note of notes) index.addNote(note);
    index.sealed = true;
    return index;
  }

  /** Loads what `toJSON` produced (a string, parsed here). */
  static load(json: string): NoteIndex {
    return NoteIndex.fromObject(JSON.parse(json));
  }

  /** Loads an index from the already-parsed object that `toJSON` produced (saves a second parse). */
  static fromObject(data: unknown): NoteIndex {
    const json = checkJson(data);
    const index = new NoteIndex();
    index.restoreTargets(json);
    index.restoreTerms(json, 0, json.terms.length);
    index.sealed = true;
    return index;
  }

  /** Same as load, but decodes in slices and yields to the event loop between them. */
  static async loadAsync(json: string, sliceTerms = 20_000): Promise<NoteIndex> {
    if (!Number.isInteger(sliceTerms) || sliceTerms < 1) throw new Error(`loadAsync: sliceTerms must be a positive integer, not ${sliceTerms}`);
    const data = checkJson(JSON.parse(json));
    const index = new NoteIndex();
    index.restoreTargets(data);
    for (let from = 0; from < data.terms.length; from += sliceTerms) {
      index.restoreTerms(data, from, Math.min(data.terms.length, from + sliceTerms));
      await new Promise((resolve) => setImmediate(resolve));
    }
    index.sealed = true;
    return index;
  }

  /** The serialised index: live notes only, renumbered, vocabulary sorted. */
  toJSON(): IndexJson {
    const noteMap = new Map<number, number>();
    const sectionMap = new Map<number, number>();
    const notes: string[] = [];
    const sectionNote: number[] = [];
    const sectionAnchor: string[] = [];
    for (let n = 0; n < this.noteIds.length; n++) {
      if (!this.noteLive[n]) continue;
      noteMap.set(n, notes.length);
      notes.push(this.noteIds[n]);
      for (const s of this.noteSections[n]) {
        sectionMap.set(s, sectionNote.length);
        sectionNote.push(noteMap.get(n)!);
        sectionAnchor.push(this.sectionAnchor[s]);
      }
    }
    const terms: string[] = [];
    const postings: (0 | number[])[][] = [];
    for (const t of this.allSorted()) {
      let any = false;
      const fields = FIELDS.map((_, f) => {
        const stored = this.fieldsOf(t)[f];
        if (!stored) return 0;
        const p = decoded(stored);
        const map = f < NOTE_FIELDS ? noteMap : sectionMap;
        const ids: number[] = [];
        const vals: number[] = [];
        let last = 0;
        for (const list of p.more ? [p, p.more] : [p]) {
          for (let i = 0; i < list.ids.length; i++) {
            const id = map.get(list.ids[i]);
            if (id === undefined) continue;
            ids.push(id - last);
            last = id;
            vals.push(Math.round(list.vals[i] * QUANTUM));
          }
        }
        if (!ids.length) return 0;
        any = true;
        return [...ids, ...vals];
      });
      if (!any) continue;
      terms.push(this.terms[t]);
      postings.push(fields);
    }
    return { format: FORMAT, version: FORMAT_VERSION, avg: this.avg, notes, sectionNote, sectionAnchor, terms, postings };
  }

  /** Vocabulary terms within `maxDistance` edits of `word`, with their distance (for tests and diagnostics). */
  termsNear(word: string, maxDistance: number): Map<string, number> {
    return new Map(this.termsWithin(word, maxDistance).map(([t, d]) => [this.terms[t], d]));
  }

  /** Sections that can be found. */
  get documentCount(): number {
    return this.liveSections;
  }

  /**
   * Replaces the notes the given section ids belong to (`noteId#anchor`, from their previous
   * metadata) with the given sections. The old entries are marked dead and skipped, and left out
   * of the next save; the new ones are appended, so this costs about what indexing one note costs.
   */
  replaceSections(oldIds: readonly string[], docs: readonly SectionDoc[]): void {
    const gone = new Set(oldIds.map((id) => id.slice(0, id.indexOf('#') === -1 ? id.length : id.indexOf('#'))));
    for (const d of docs) gone.add(d.noteId);
    for (const id of gone) {
      const n = this.noteNumber.get(id);
      if (n === undefined) continue;
      this.noteNumber.delete(id);
      this.noteLive[n] = false;
      this.liveNotes--;
      this.removals++;
      for (const s of this.noteSections[n]) {
        this.sectionLive[s] = false;
        this.liveSections--;
      }
    }
    for (const note of groupByNote(docs)) this.addNote(note);
  }

  /**
   * Searches as a person types (prefix and typo tolerant): notes with every word first, then, up
   * to `limit`, notes with some of them. One hit per note, its best section, best first.
   */
  query(text: string, options: QueryOptions = {}): SearchHit[] {
    const limit = options.limit ?? 20;
    const words = [...new Set(tokenize(text))].slice(0, MAX_QUERY_TERMS);
    if (!words.length || limit <= 0) return [];
    this.ensureScratch();
    const expansions = words.map((w) => this.expand(w));
    const touchedNotes: number[] = [];
    const touchedSections: number[] = [];
    try {
      expansions.forEach((list, q) => this.accumulate(list, 1 << q, touchedNotes, touchedSections));
      const all = (1 << words.length) - 1;
      // Notes with every word come first; when there are fewer than `limit`, notes with some of
      // the words follow ("retry storm" still lists the retry notes after the one that says storm).
      const ranked = this.best(all, true, touchedNotes, touchedSections, limit, undefined);
      const complete = ranked.length;
      if (complete < limit && words.length > 1) {
        ranked.push(...this.best(all, false, touchedNotes, touchedSections, limit - complete, new Set(ranked.map(([n]) => n))));
      }
      return this.topHits(ranked, expansions).map((hit, i) => ({ ...hit, partial: i >= complete }));
    } finally {
      for (const n of touchedNotes) {
        this.noteScore[n] = 0;
        this.noteMask[n] = 0;
      }
      for (const s of touchedSections) {
        this.sectionScore[s] = 0;
        this.sectionMask[s] = 0;
      }
    }
  }

  // ------------------------------------------------------------------------------------------
  // Building

  private termOf(term: string): number {
    let t = this.termNumber.get(term);
    if (t !== undefined) return t;
    t = this.terms.length;
    this.terms.push(term);
    this.termNumber.set(term, t);
    this.postings.push([undefined, undefined, undefined, undefined, undefined]);
    const last = this.sorted[this.sorted.length - 1];
    if (last === undefined || this.terms[last] < term) {
      // A fresh build adds its terms in sorted order.
      this.sorted.push(t);
    } else {
      this.recent.splice(this.lowerBound(this.recent, term), 0, t);
      if (this.recent.length > MAX_RECENT_TERMS) this.mergeRecent();
    }
    return t;
  }

  private mergeRecent(): void {
    this.sorted = this.allSorted();
    this.recent = [];
  }

  /** Every term number in sorted term order. */
  private allSorted(): number[] {
    if (!this.recent.length) return this.sorted;
    const out: number[] = [];
    let i = 0;
    let j = 0;
    const { sorted, recent, terms } = this;
    while (i < sorted.length || j < recent.length) {
      if (j >= recent.length || (i < sorted.length && terms[sorted[i]] < terms[recent[j]])) out.push(sorted[i++]);
      else out.push(recent[j++]);
    }
    return out;
  }

  private addNote(note: GroupedNote): void {
    const n = this.noteIds.length;
    this.noteIds.push(note.id);
    this.noteNumber.set(note.id, n);
    this.noteLive.push(true);
    this.noteSections.push([]);
    this.liveNotes++;
    for (let f = 0; f < NOTE_FIELDS; f++) this.addField(f, n, note.fields[f]);
    for (const section of note.sections) {
      const s = this.sectionNote.length;
      this.sectionNote.push(n);
      this.sectionAnchor.push(section.anchor);
      this.sectionLive.push(true);
      this.noteSections[n].push(s);
      this.liveSections++;
      this.addField(3, s, section.heading);
      this.addField(4, s, section.text);
    }
  }

  /** Adds one field of one target: BM25+ term weight per distinct term, without the IDF. */
  private addField(field: number, target: number, terms: readonly string[]): void {
    if (!terms.length) return;
    const counts = new Map<string, number>();
    for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
    const norm = BM25.k * (1 - BM25.b + (BM25.b * terms.length) / this.avg[field]);
    for (const [term, tf] of counts) {
      const weight = Math.round((BM25.d + (tf * (BM25.k + 1)) / (tf + norm)) * QUANTUM) / QUANTUM;
      const slot = this.fieldsOf(this.termOf(term));
      const p = (slot[field] ??= { ids: [], vals: [] });
      const list = this.sealed ? (p.more ??= { ids: [], vals: [] }) : p;
      list.ids.push(target);
      list.vals.push(weight);
    }
  }

  private restoreTargets(json: IndexJson): void {
    this.avg = json.avg.slice();
    for (const id of json.notes) {
      this.noteNumber.set(id, this.noteIds.length);
      this.noteIds.push(id);
      this.noteLive.push(true);
      this.noteSections.push([]);
    }
    json.sectionNote.forEach((n, s) => {
      this.sectionNote.push(n);
      this.sectionAnchor.push(json.sectionAnchor[s]);
      this.sectionLive.push(true);
      this.noteSections[n].push(s);
    });
    this.liveNotes = json.notes.length;
    this.liveSections = json.sectionNote.length;
  }

  /** Restores terms [from, to) of a saved index; they were saved sorted, so they stay in order. */
  private restoreTerms(json: IndexJson, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const t = this.terms.length;
      this.terms.push(json.terms[i]);
      this.termNumber.set(json.terms[i], t);
      this.sorted.push(t);
      // Decoded when a query first needs the term: the first search after loading the bundled
      // notes touches a handful of the 3,400 terms.
      this.postings.push(undefined);
      this.packed[t] = json.postings[i];
    }
  }

  /**
   * The postings of a term per field. After a load they stay packed until read: a query decodes
   * only what it reads, and an update only appends (to `more`), so it never decodes.
   */
  private fieldsOf(t: number): (Postings | undefined)[] {
    let fields = this.postings[t];
    if (!fields) {
      const packedFields = this.packed[t];
      if (!Array.isArray(packedFields) || packedFields.length !== FIELDS.length) throw new Error(`search index: damaged postings for "${this.terms[t]}"`);
      fields = packedFields.map((packed, f) => {
        if (packed === 0) return undefined;
        if (!Array.isArray(packed) || packed.length === 0 || packed.length % 2 !== 0) throw new Error(`search index: damaged postings for "${this.terms[t]}"`);
        return { ids: NONE, vals: NONE, packed, limit: f < NOTE_FIELDS ? this.noteIds.length : this.sectionNote.length };
      });
      this.postings[t] = fields;
      this.packed[t] = EMPTY_PACKED;
    }
    return fields;
  }

  // ------------------------------------------------------------------------------------------
  // Searching

  private ensureScratch(): void {
    if (this.noteScore.length < this.noteIds.length) {
      this.noteScore = new Float64Array(this.noteIds.length * 2);
      this.noteMask = new Int32Array(this.noteIds.length * 2);
    }
    if (this.bestSection.length < this.noteIds.length) {
      this.bestScore = new Float64Array(this.noteIds.length * 2);
      this.bestSection = new Int32Array(this.noteIds.length * 2).fill(-1);
      this.bestMask = new Int32Array(this.noteIds.length * 2);
    }
    if (this.sectionScore.length < this.sectionNote.length) {
      this.sectionScore = new Float64Array(this.sectionNote.length * 2);
      this.sectionMask = new Int32Array(this.sectionNote.length * 2);
    }
  }

  /** The vocabulary terms a query word stands for, weighted as MiniSearch weighs them. */
  private expand(word: string): Expansion[] {
    const out: Expansion[] = [];
    const exact = this.termNumber.get(word);
    if (exact !== undefined) out.push({ term: exact, weight: 1 });
    const prefixed = new Set<number>();
    if (word.length >= 2) {
      for (const list of [this.sorted, this.recent]) {
        for (let i = this.lowerBound(list, word); i < list.length; i++) {
          const t = list[i];
          const term = this.terms[t];
          if (!term.startsWith(word)) break;
          if (t === exact) continue;
          prefixed.add(t);
          out.push({ term: t, weight: (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * (term.length - word.length)) });
        }
      }
    }
    // Typo tolerance from 4 letters; not for words longer than any real one (the walk would go as
    // deep as the word is long).
    if (word.length >= 4 && word.length <= MAX_FUZZY_WORD) {
      const maxDistance = Math.min(2, Math.round(word.length * 0.2));
      for (const [t, distance] of this.termsWithin(word, maxDistance)) {
        if (distance === 0 || prefixed.has(t)) continue;
        const length = this.terms[t].length;
        out.push({ term: t, weight: (FUZZY_WEIGHT * length) / (length + distance) });
      }
    }
    return out;
  }

  /** Term numbers within `maxDistance` edits of `word`, with their distance, from both sorted lists. */
  private termsWithin(word: string, maxDistance: number): [number, number][] {
    return [...this.fuzzy(this.sorted, word, maxDistance), ...this.fuzzy(this.recent, word, maxDistance)];
  }

  /** First position in a sorted list of term numbers whose term is not less than `term`. */
  private lowerBound(list: readonly number[], term: string): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.terms[list[mid]] < term) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Terms within `maxDistance` edits (Levenshtein) of `word`, with their distance. The sorted
   * vocabulary is walked as a trie: the terms sharing a prefix are a contiguous run, a run splits
   * by its next character with binary searches, and a run is dropped as soon as every cell of its
   * edit-distance row exceeds the limit.
   */
  private fuzzy(sorted: readonly number[], word: string, maxDistance: number): [number, number][] {
    const found: [number, number][] = [];
    const width = word.length + 1;
    const rows: Int32Array[] = [];
    const row = (depth: number) => (rows[depth] ??= new Int32Array(width));
    const first = row(0);
    for (let j = 0; j < width; j++) first[j] = j;
    const charAt = (i: number, depth: number) => this.terms[sorted[i]].charCodeAt(depth);
    const walk = (lo: number, hi: number, depth: number): void => {
      const prev = rows[depth];
      // A term exactly as long as the shared prefix sorts first in its run.
      if (this.terms[sorted[lo]].length === depth) {
        if (prev[word.length] <= maxDistance) found.push([sorted[lo], prev[word.length]]);
        lo++;
      }
      while (lo < hi) {
        const c = charAt(lo, depth);
        // The end of the run of terms with character c at this depth.
        let a = lo + 1;
        let b = hi;
        while (a < b) {
          const mid = (a + b) >>> 1;
          if (charAt(mid, depth) === c) a = mid + 1;
          else b = mid;
        }
        const next = row(depth + 1);
        next[0] = prev[0] + 1;
        let min = next[0];
        for (let j = 1; j < width; j++) {
          const cost = word.charCodeAt(j - 1) === c ? 0 : 1;
          next[j] = Math.min(prev[j] + 1, next[j - 1] + 1, prev[j - 1] + cost);
          if (next[j] < min) min = next[j];
        }
        if (min <= maxDistance) walk(lo, a, depth + 1);
        lo = a;
      }
    };
    if (sorted.length) walk(0, sorted.length, 0);
    return found;
  }

  /** Adds every expansion's BM25+ score to the notes and sections it occurs in. */
  private accumulate(expansions: readonly Expansion[], bit: number, touchedNotes: number[], touchedSections: number[]): void {
    for (const { term, weight } of expansions) {
      const fields = this.fieldsOf(term);
      for (let f = 0; f < FIELDS.length; f++) {
        const p = fields[f];
        if (!p) continue;
        const isNote = f < NOTE_FIELDS;
        const total = isNote ? this.liveNotes : this.liveSections;
        const live = isNote ? this.noteLive : this.sectionLive;
        // Entries of replaced notes are pruned the first time a list is read after a removal,
        // so document frequencies stay exact (counting them drove the IDF below zero after a few
        // saves of the same note, and a match then lowered a score).
        if (this.removals && p.prunedAt !== this.removals) prune(p, live, this.removals);
        const df = sizeOf(p);
        const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
        const factor = weight * BOOSTS[f] * idf;
        const score = isNote ? this.noteScore : this.sectionScore;
        const mask = isNote ? this.noteMask : this.sectionMask;
        const touched = isNote ? touchedNotes : touchedSections;
        addScores(decoded(p), factor, bit, live, score, mask, touched);
        if (p.more) addScores(p.more, factor, bit, live, score, mask, touched);
      }
    }
  }

  /**
   * The best section of each note that matches (all query terms when `and`, any otherwise): a
   * section's score is its own plus its note's, times the number of query terms they matched.
   */
  private best(all: number, and: boolean, touchedNotes: readonly number[], touchedSections: readonly number[], limit: number, skip: ReadonlySet<number> | undefined): [number, Best][] {
    // Per note in typed scratch arrays (a Map of objects cost several ms at 10,000 notes); only
    // the `limit` best become objects.
    const { bestScore, bestSection, bestMask } = this;
    const candidates: number[] = [];
    const consider = (n: number, s: number, mask: number, score: number) => {
      if (and ? mask !== all : mask === 0) return;
      const total = score * popcount(mask);
      const current = bestSection[n];
      if (current === -1) candidates.push(n);
      else if (!(total > bestScore[n] || (total === bestScore[n] && s < current))) return;
      bestScore[n] = total;
      bestSection[n] = s;
      bestMask[n] = mask;
    };
    for (const s of touchedSections) {
      const n = this.sectionNote[s];
      if (skip?.has(n)) continue;
      consider(n, s, this.sectionMask[s] | this.noteMask[n], this.sectionScore[s] + this.noteScore[n]);
    }
    // A note matched on its title, summary or tags alone lands on its first section.
    for (const n of touchedNotes) {
      const s = this.noteSections[n][0];
      if (s !== undefined && this.sectionMask[s] === 0 && !skip?.has(n)) consider(n, s, this.noteMask[n], this.noteScore[n]);
    }
    const top = topK(candidates, limit, (a, b) => bestScore[b] - bestScore[a] || bestSection[a] - bestSection[b]);
    const out = top.map((n): [number, Best] => [n, { section: bestSection[n], score: bestScore[n], mask: bestMask[n] }]);
    for (const n of candidates) bestSection[n] = -1;
    return out;
  }


  private topHits(ranked: readonly [number, Best][], expansions: readonly Expansion[][]): Omit<SearchHit, 'partial'>[] {
    const sortedExpansions: Expansion[][] = [];
    return ranked.map(([n, { section, score, mask }]) => ({
      noteId: this.noteIds[n],
      anchor: this.sectionAnchor[section],
      score,
      terms: this.termsFound(n, section, mask, expansions, sortedExpansions),
    }));
  }

  /** For each query term the hit matched, its best-weighted form found in the section or the note. */
  private termsFound(note: number, section: number, mask: number, expansions: readonly Expansion[][], sortedExpansions: Expansion[][]): string[] {
    const found: string[] = [];
    expansions.forEach((list, q) => {
      if (!(mask & (1 << q))) return;
      // The hit matched this query term, so one of its forms occurs here: the best-weighted one
      // is what the excerpt should show.
      const byWeight = (sortedExpansions[q] ??= [...list].sort((a, b) => b.weight - a.weight));
      const best = byWeight.find((e) => this.occursIn(e.term, note, section));
      if (best) found.push(this.terms[best.term]);
    });
    return found;
  }

  private occursIn(term: number, note: number, section: number): boolean {
    const fields = this.fieldsOf(term);
    for (let f = 0; f < FIELDS.length; f++) {
      const stored = fields[f];
      const p = stored && decoded(stored);
      const target = f < NOTE_FIELDS ? note : section;
      if (p && (binaryHas(p.ids, target) || (p.more && binaryHas(p.more.ids, target)))) return true;
    }
    return false;
  }
}

interface GroupedNote {
  id: string;
  /** Terms of title, summary, tags. */
  fields: string[][];
  sections: { anchor: string; heading: string[]; text: string[] }[];
}

/** Sections grouped by note, in first-seen order; a note's title, summary and tags come from its first section. */
function groupByNote(docs: readonly SectionDoc[]): GroupedNote[] {
  const notes = new Map<string, GroupedNote>();
  for (const d of docs) {
    let note = notes.get(d.noteId);
    if (!note) notes.set(d.noteId, (note = { id: d.noteId, fields: [tokenize(d.title), tokenize(d.summary), tokenize(d.tags)], sections: [] }));
    note.sections.push({ anchor: d.anchor, heading: tokenize(d.heading), text: tokenize(d.text) });
  }
  return [...notes.values()];
}

function checkJson(data: unknown): IndexJson {
  const json = data as Partial<IndexJson> | null;
  if (!json || json.format !== FORMAT || json.version !== FORMAT_VERSION) {
    throw new Error(`not a search index of this version (expected ${FORMAT} version ${FORMAT_VERSION})`);
  }
  if (!Array.isArray(json.terms) || !Array.isArray(json.postings) || json.terms.length !== json.postings.length) throw new Error('search index: terms and postings differ');
  if (!Array.isArray(json.notes) || !Array.isArray(json.sectionNote) || !Array.isArray(json.sectionAnchor) || !Array.isArray(json.avg)) throw new Error('search index: missing parts');
  // Checked here, once, so a damaged file fails to load with a message instead of failing
  // every later search.
  const bad = (what: string) => new Error(`search index: ${what}`);
  if (json.avg.length !== FIELDS.length || !json.avg.every((a) => typeof a === 'number' && a > 0)) throw bad('bad field lengths');
  if (!json.notes.every((n) => typeof n === 'string')) throw bad('bad note ids');
  if (json.sectionAnchor.length !== json.sectionNote.length || !json.sectionAnchor.every((a) => typeof a === 'string')) throw bad('bad section anchors');
  if (!json.sectionNote.every((n) => Number.isInteger(n) && n >= 0 && n < json.notes!.length)) throw bad('a section of no note');
  // Postings are checked as they are decoded, on first use (see `fieldsOf` and `decoded`).
  const terms = json.terms;
  for (let i = 0; i < terms.length; i++) {
    if (typeof terms[i] !== 'string' || (i > 0 && !(terms[i - 1] < terms[i]))) throw bad(`terms not sorted at ${i}`);
  }
  return json as IndexJson;
}

function addScores({ ids, vals }: PostingList, factor: number, bit: number, live: readonly boolean[], score: Float64Array, mask: Int32Array, touched: number[]): void {
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!live[id]) continue;
    if (mask[id] === 0) touched.push(id);
    score[id] += factor * vals[i];
    mask[id] |= bit;
  }
}

function binaryHas(ids: readonly number[], id: number): boolean {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo < ids.length && ids[lo] === id;
}

/** A note's best section for a query. */
interface Best {
  section: number;
  score: number;
  mask: number;
}

/** The `k` first items in `compare` order: a full sort when that is cheap, else a bounded pass. */
function topK(items: number[], k: number, compare: (a: number, b: number) => number): number[] {
  if (items.length <= k * 4) return items.sort(compare).slice(0, k);
  // Keep the k best seen so far, sorted; most items are worse than the k-th and cost one compare.
  const top: number[] = [];
  for (const x of items) {
    if (top.length === k && compare(x, top[k - 1]) >= 0) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(top[mid], x) <= 0) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, x);
    if (top.length > k) top.pop();
  }
  return top;
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v; v &= v - 1) n++;
  return n;
}
