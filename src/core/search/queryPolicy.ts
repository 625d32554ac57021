import type { Query, SearchOptions } from 'minisearch';
import { tokenize } from './documents';

/**
 * How a typed query becomes a MiniSearch query: what MiniSearch does not decide for us. Kept in one
 * place so the picker, the command line and the tests search the same way.
 *
 * - Prefix search on the last word only (the one being typed), from 2 letters. A last word of 2 or
 *   3 letters expands by prefix in titles, headings, tags and summaries only, not in body text:
 *   "re" would otherwise expand to thousands of body words at 10,000 notes (docs/performance.md).
 * - Typo tolerance (MiniSearch's fuzzy, Levenshtein) from 4 letters: one edit. Two edits cost a
 *   walk of much more of MiniSearch's tree (the slowest searches at 10,000 notes), and the common
 *   two-edit typo, two letters swapped ("retyr"), is covered below.
 * - Transposed letters are two Levenshtein edits, so words of 4 to 16 letters also search their
 *   adjacent-letter swaps as alternative terms (exact lookups), weighted as a one-edit typo.
 * - A word found only through a typo or a swap is reported per hit (`approximate`), so a word no
 *   note contains ("oauth") never passes its close spellings off as matches of what was typed.
 */

export const FIELD_BOOSTS = { title: 6, headings: 4, tags: 3, summary: 2, text: 1 } as const;
/** MiniSearch's default weights of a prefix and a fuzzy expansion against an exact match. */
export const PREFIX_WEIGHT = 0.375;
export const FUZZY_WEIGHT = 0.45;
export const PREFIX_MIN = 2;
/** Last words up to this long expand by prefix only in the short fields. */
export const SHORT_PREFIX_MAX = 3;
export const SHORT_FIELDS = ['title', 'headings', 'tags', 'summary'];
export const FUZZY_MIN = 4;
/** Longer words get no typo tolerance (nothing real is that long, and the walk grows with it). */
export const FUZZY_MAX = 64;
export const TRANSPOSE_MAX = 16;
/** At most this many distinct words of a query are searched. */
export const MAX_WORDS = 12;

/** One word of the query and how it is looked up. */
export interface QueryWord {
  term: string;
  prefix: boolean;
  /** Maximum edit distance of a typo, 0 for none. */
  maxEdits: number;
  /** Adjacent-letter swaps searched as alternatives. */
  swaps: string[];
}

export interface PlannedQuery {
  words: QueryWord[];
  /** The MiniSearch query tree: every word (AND). */
  all: Query;
  /** The same words OR'd, for notes with some of them (coverage is counted afterwards). */
  some: Query;
  /** Query term (a word or one of its swaps) -> index of its word. */
  wordOf: Map<string, number>;
}

export function maxEditsFor(term: string): number {
  return term.length < FUZZY_MIN || term.length > FUZZY_MAX ? 0 : 1;
}

/** The adjacent-letter swaps of a word, without the word itself and without duplicates. */
export function transpositions(term: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i + 1 < term.length; i++) {
    if (term[i] === term[i + 1]) continue;
    out.add(term.slice(0, i) + term[i + 1] + term[i] + term.slice(i + 2));
  }
  out.delete(term);
  return [...out];
}

/** Terms are already normalised: MiniSearch must take them as they are. */
const AS_IS: Pick<SearchOptions, 'tokenize' | 'processTerm'> = { tokenize: (s) => [s], processTerm: (t) => t };

export function planQuery(text: string): PlannedQuery | undefined {
  const terms = [...new Set(tokenize(text))].slice(0, MAX_WORDS);
  if (!terms.length) return undefined;
  const wordOf = new Map<string, number>();
  terms.forEach((t, i) => wordOf.set(t, i));
  const words = terms.map((term, i): QueryWord => {
    const last = i === terms.length - 1;
    const swaps = term.length >= FUZZY_MIN && term.length <= TRANSPOSE_MAX ? transpositions(term).filter((s) => !wordOf.has(s)) : [];
    for (const s of swaps) if (!wordOf.has(s)) wordOf.set(s, i);
    return { term, prefix: last && term.length >= PREFIX_MIN, maxEdits: maxEditsFor(term), swaps };
  });
  const groups: Query[] = words.map((w) => {
    const fuzzy = w.maxEdits || false;
    const alternatives: Query[] = [];
    if (w.prefix && w.term.length <= SHORT_PREFIX_MAX) {
      alternatives.push({ ...AS_IS, queries: [w.term], prefix: false, fuzzy });
      alternatives.push({ ...AS_IS, queries: [w.term], prefix: true, fuzzy: false, fields: SHORT_FIELDS });
    } else {
      alternatives.push({ ...AS_IS, queries: [w.term], prefix: w.prefix, fuzzy });
    }
    if (w.swaps.length) {
      const weight = (FUZZY_WEIGHT * w.term.length) / (w.term.length + 1);
      alternatives.push({ ...AS_IS, queries: w.swaps, combineWith: 'OR', prefix: w.prefix, fuzzy: false, boostTerm: () => weight });
    }
    return alternatives.length === 1 ? alternatives[0] : { combineWith: 'OR', queries: alternatives };
  });
  return { words, all: { combineWith: 'AND', queries: groups }, some: { combineWith: 'OR', queries: groups }, wordOf };
}

/** How a document term answers a query word, or undefined when it does not. */
export interface FormMatch {
  word: number;
  /** 1 for exact; MiniSearch's prefix and fuzzy weights otherwise. */
  weight: number;
  /** Found only through a typo or a swap. */
  approximate: boolean;
}

/** Which words of the query a document term answers, and how well. */
export function matchForm(plan: PlannedQuery, form: string): FormMatch[] {
  const out: FormMatch[] = [];
  plan.words.forEach((w, word) => {
    if (form === w.term) return out.push({ word, weight: 1, approximate: false });
    if (w.prefix && form.startsWith(w.term)) {
      const d = form.length - w.term.length;
      return out.push({ word, weight: (PREFIX_WEIGHT * form.length) / (form.length + 0.3 * d), approximate: false });
    }
    const swapWeight = (FUZZY_WEIGHT * w.term.length) / (w.term.length + 1);
    for (const s of w.swaps) {
      if (form === s || (w.prefix && form.startsWith(s))) return out.push({ word, weight: swapWeight, approximate: true });
    }
    if (w.maxEdits) {
      const d = editDistance(w.term, form, w.maxEdits);
      if (d <= w.maxEdits) out.push({ word, weight: (FUZZY_WEIGHT * form.length) / (form.length + d), approximate: true });
    }
    return undefined;
  });
  return out;
}

/** Levenshtein distance, or `max + 1` as soon as it must exceed `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let min = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (row[j] < min) min = row[j];
    }
    if (min > max) return max + 1;
    prev = row;
  }
  return prev[b.length];
}
