import { toRuleData, type HintRuleData, type Note, type NoteMeta } from './note';

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

// 3: hint rules as tree-sitter queries with tiers (the hint engine), and search.json as a serialised SearchIndex.
export const KB_VERSION = 3;

/** File names inside the build output folder (dist/kb); search.json is a serialised SearchIndex (src/core/search). */
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
