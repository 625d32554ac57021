import type { Note } from '../note';

/** One section of a note as search sees it; anchor '' is the introduction. */
export interface SectionText {
  anchor: string;
  heading: string;
  text: string;
}

/**
 * What one note contributes to the search: one MiniSearch document per note (ranking is per note,
 * and a per-section document would repeat the note's title, summary and tags on every section),
 * with its sections kept beside it for choosing where to land and for excerpts.
 */
export interface NoteDocument {
  id: string;
  title: string;
  summary: string;
  tags: string[];
  sections: SectionText[];
}

/** The search document of a parsed note (every section, the introduction included). */
export function noteDocument(note: Note): NoteDocument {
  return {
    id: note.id,
    title: note.title,
    summary: note.summary,
    tags: note.tags,
    sections: note.sections.map((s) => ({ anchor: s.anchor, heading: s.heading, text: s.text })),
  };
}

/** The MiniSearch fields, and how each is read from a document. */
export const FIELDS = ['title', 'headings', 'tags', 'summary', 'text'] as const;
export type Field = (typeof FIELDS)[number];

export function fieldOf(doc: NoteDocument, field: string): string {
  switch (field) {
    case 'title':
      return doc.title;
    case 'summary':
      return doc.summary;
    case 'tags':
      return doc.tags.join(' ');
    case 'headings':
      return doc.sections.map((s) => s.heading).join('\n');
    case 'text':
      return doc.sections.map((s) => s.text).join('\n');
    case 'id':
      return doc.id;
    default:
      return '';
  }
}

const STOP_WORDS = new Set(
  'a an and are as at be but by do does for from how i if in into is it its of on or so that the then there these this to was what when where which who why will with'.split(' '),
);

/**
 * Normalises a word for indexing and querying: lower case, and plural/verb endings folded so
 * "retries" finds "retry" and "timeouts" finds "timeout". Returns null for stop words.
 */
export function normaliseTerm(term: string): string | null {
  const t = term.toLowerCase();
  if (!t || STOP_WORDS.has(t)) return null;
  if (t.length > 4 && t.endsWith('ies')) return t.slice(0, -3) + 'y';
  // String tests rather than regular expressions: this runs for every word indexed or landed on.
  const n = t.length;
  if (n <= 3 || t[n - 1] !== 's') return t;
  if (n > 4 && (t.endsWith('xes') || t.endsWith('sses') || t.endsWith('shes') || t.endsWith('ches'))) return t.slice(0, -2);
  const before = t[n - 2];
  return before === 's' || before === 'u' || before === 'i' ? t : t.slice(0, -1);
}

/** MiniSearch's default word split (white space and punctuation), used for indexing, querying and landing alike. */
const SPACE_OR_PUNCTUATION = /[\n\r\p{Z}\p{P}]+/u;

export function splitWords(text: string): string[] {
  return text.split(SPACE_OR_PUNCTUATION);
}

/** The normalised terms of a text, in order, stop words dropped. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const word of splitWords(text)) {
    const term = normaliseTerm(word);
    if (term) out.push(term);
  }
  return out;
}
