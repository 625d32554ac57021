import MiniSearch, { type Options, type SearchResult } from 'minisearch';

/**
 * Full-text search over notes at section granularity, so a query lands on the heading that answers
 * it. One MiniSearch document per section; the note's title, summary and tags are repeated on each
 * so a title hit lifts every section of that note above body-only hits elsewhere.
 */

/** What one section contributes to the index. */
export interface SectionDoc {
  /** `noteId#anchor`; anchor '' is the introduction. */
  id: string;
  noteId: string;
  anchor: string;
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

/** Index options: shared by build and load, which must agree. */
export const INDEX_OPTIONS: Options<SectionDoc> = {
  fields: ['title', 'heading', 'tags', 'summary', 'text'],
  storeFields: ['noteId', 'anchor'],
  processTerm: (term) => normaliseTerm(term),
};

export interface QueryOptions {
  /** At most this many notes in the result. */
  limit?: number;
}

/** A ready index: build it from sections, or load a serialised one. */
export class NoteIndex {
  private constructor(private readonly search: MiniSearch<SectionDoc>) {}

  static build(docs: readonly SectionDoc[]): NoteIndex {
    const ms = new MiniSearch<SectionDoc>(INDEX_OPTIONS);
    ms.addAll(docs);
    return new NoteIndex(ms);
  }

  /** Loads what `toJSON` produced (a string, parsed here). */
  static load(json: string): NoteIndex {
    return new NoteIndex(MiniSearch.loadJSON<SectionDoc>(json, INDEX_OPTIONS));
  }

  /** Loads an index from the already-parsed object that `toJSON` produced (saves a second parse). */
  static fromObject(data: unknown): NoteIndex {
    return new NoteIndex(MiniSearch.loadJS<SectionDoc>(data as Parameters<typeof MiniSearch.loadJS>[0], INDEX_OPTIONS));
  }

  /** Same as load, but yields to the event loop while it builds, for large indexes. */
  static async loadAsync(json: string): Promise<NoteIndex> {
    return new NoteIndex(await MiniSearch.loadJSONAsync<SectionDoc>(json, INDEX_OPTIONS));
  }

  toJSON(): unknown {
    return this.search.toJSON();
  }

  get documentCount(): number {
    return this.search.documentCount;
  }

  /**
   * Replaces one note's sections: discards the ids it had (`noteId#anchor`, from the note's previous
   * metadata) and adds the new ones. Discarding is lazy in MiniSearch, so this stays fast at scale.
   */
  replaceSections(oldIds: readonly string[], docs: readonly SectionDoc[]): void {
    for (const id of oldIds) if (this.search.has(id)) this.search.discard(id);
    this.search.addAll(docs);
  }

  /**
   * Searches as a person types: every word must appear (prefix and typo tolerant); when that finds
   * nothing, any word will do. One hit per note, its best section, best first.
   */
  query(text: string, options: QueryOptions = {}): SearchHit[] {
    const q = text.trim();
    if (!q) return [];
    const base = {
      boost: FIELD_BOOSTS,
      prefix: (term: string) => term.length >= 2,
      fuzzy: (term: string) => (term.length >= 4 ? 0.2 : false),
      maxFuzzy: 2,
    };
    let results = this.search.search(q, { ...base, combineWith: 'AND' });
    if (results.length === 0) results = this.search.search(q, { ...base, combineWith: 'OR' });
    return bestPerNote(results, options.limit ?? 20);
  }
}

function bestPerNote(results: SearchResult[], limit: number): SearchHit[] {
  const seen = new Set<string>();
  const hits: SearchHit[] = [];
  for (const r of results) {
    const noteId = r.noteId as string;
    if (seen.has(noteId)) continue;
    seen.add(noteId);
    hits.push({ noteId, anchor: r.anchor as string, score: r.score, terms: r.terms });
    if (hits.length >= limit) break;
  }
  return hits;
}
