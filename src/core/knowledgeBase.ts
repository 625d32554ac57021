import { toRuleData, type HintRuleData, type Note, type NoteMeta } from './note';
import type { SectionDoc } from './noteIndex';

/**
 * The knowledge base as the extension loads it: everything the tree, the CodeLens provider and the
 * reader need, computed once at build time (scripts/build-notes.ts) so activation only reads JSON.
 */
export interface KnowledgeBaseData {
  /** Bumped when the shape changes, so a stale build is refused rather than misread. */
  version: typeof KB_VERSION;
  topics: string[];
  notes: NoteMeta[];
  hints: HintRuleData[];
}

/** The search side, loaded on the first search only. */
export interface SearchData {
  version: typeof KB_VERSION;
  /** Serialised search index (NoteIndex.toJSON). */
  index: unknown;
  /** Plain text per section id (`noteId#anchor`), for result excerpts. */
  texts: Record<string, string>;
}

export const KB_VERSION = 3;

/** File names inside the build output folder (dist/kb). */
export const KB_FILES = { meta: 'meta.json', search: 'search.json', notesDir: 'notes' } as const;

/** Metadata for the tree, search results and reader: no bodies. Sections are the h2/h3 headings. */
export function noteMeta(note: Note): NoteMeta {
  return {
    id: note.id,
    title: note.title,
    summary: note.summary,
    topic: note.topic,
    order: note.order,
    tags: note.tags,
    related: note.related,
    sections: note.sections
      .filter((s) => s.anchor !== '' && s.level >= 2 && s.level <= 3)
      .map((s) => ({ anchor: s.anchor, heading: s.heading, level: s.level })),
  };
}

/** The hint rules a note contributes, as shipped. */
export function hintData(note: Note): HintRuleData[] {
  return note.hints.map((h) => toRuleData(note.id, h));
}

/** One search document per section (the introduction included when it has text). */
export function sectionDocs(note: Note): SectionDoc[] {
  return note.sections.map((s) => ({
    id: `${note.id}#${s.anchor}`,
    noteId: note.id,
    anchor: s.anchor,
    title: note.title,
    heading: s.heading,
    summary: note.summary,
    tags: note.tags.join(' '),
    text: s.text,
  }));
}

/**
 * A short excerpt of `text` around the first query term it contains, cut at word boundaries.
 * Falls back to the opening of the text.
 */
export function excerpt(text: string, terms: readonly string[], maxLength = 120): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= maxLength) return clean;
  const lower = clean.toLowerCase();
  let at = -1;
  for (const t of terms) {
    const i = lower.indexOf(t.toLowerCase());
    if (i !== -1 && (at === -1 || i < at)) at = i;
  }
  let start = at <= 0 ? 0 : Math.max(0, at - Math.floor(maxLength / 3));
  if (start > 0) {
    const space = clean.indexOf(' ', start);
    start = space === -1 || space > at ? start : space + 1;
  }
  let end = Math.min(clean.length, start + maxLength);
  if (end < clean.length) {
    const space = clean.lastIndexOf(' ', end);
    if (space > start + maxLength / 2) end = space;
  }
  return (start > 0 ? '…' : '') + clean.slice(start, end) + (end < clean.length ? '…' : '');
}
