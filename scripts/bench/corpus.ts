/**
 * Generated knowledge bases for the scale benchmark, shaped like the bundled one: notes of about
 * 1,100 words in about 9 sections, words drawn with the real notes' own frequencies (so common
 * words are common and the rare ones rare), plus made-up identifiers (`retryBudget`, `tenant_id`
 * style) so the vocabulary keeps growing with the corpus as a real one does. Deterministic.
 */
import type { Note } from '../../src/core/note';
import { noteDocument, type NoteDocument } from '../../src/core/search/documents';
import { Random } from './random';

export interface CorpusNote {
  id: string;
  /** The note as the search indexes it. */
  doc: NoteDocument;
}

interface Vocabulary {
  /** Words repeated by frequency, so a uniform pick is a frequency-weighted pick. */
  weighted: string[];
  distinct: string[];
  headings: string[];
  tags: string[];
}

function vocabularyOf(notes: readonly Note[]): Vocabulary {
  const weighted: string[] = [];
  const headings: string[] = [];
  const tags = new Set<string>();
  for (const note of notes) {
    for (const s of note.sections) {
      for (const w of s.text.split(/[^\p{L}\p{N}_'-]+/u)) if (w.length > 0) weighted.push(w.toLowerCase());
      if (s.heading) headings.push(s.heading);
    }
    for (const t of note.tags) tags.add(t);
  }
  return { weighted, distinct: [...new Set(weighted)], headings, tags: [...tags] };
}

/** `count` notes (ids `gen-0`...) as the search documents the index is built from. */
export function generateCorpus(realNotes: readonly Note[], count: number, seed = 7): CorpusNote[] {
  const vocab = vocabularyOf(realNotes);
  const r = new Random(seed);
  const word = (): string => {
    if (r.chance(0.03)) {
      // A made-up identifier: two words joined the way code names things.
      const [a, b] = [r.pick(vocab.distinct), r.pick(vocab.distinct)];
      return r.chance(0.5) ? a + b[0].toUpperCase() + b.slice(1) : `${a}_${b}`;
    }
    return r.pick(vocab.weighted);
  };
  const words = (n: number) => Array.from({ length: n }, word).join(' ');
  const template = realNotes[0];
  const notes: CorpusNote[] = [];
  for (let i = 0; i < count; i++) {
    const id = `gen-${i}`;
    const sectionCount = 7 + r.int(5);
    const sections = [{ anchor: '', heading: '', level: 1, line: 1, text: words(60 + r.int(60)) }];
    for (let s = 1; s < sectionCount; s++) {
      const heading = r.chance(0.5) ? r.pick(vocab.headings) : words(3 + r.int(4));
      sections.push({ anchor: `s${s}`, heading, level: 2, line: s * 10, text: words(90 + r.int(160)) });
    }
    const note: Note = {
      ...template,
      id,
      title: words(3 + r.int(4)),
      summary: words(18 + r.int(14)),
      tags: Array.from({ length: 4 + r.int(5) }, () => r.pick(vocab.tags)),
      sections,
    };
    notes.push({ id, doc: noteDocument(note) });
  }
  return notes;
}

/** What people type, letter by letter: every prefix of each query (1 to n letters). */
export function asYouType(queries: readonly string[]): string[] {
  return queries.flatMap((q) => Array.from({ length: q.length }, (_, i) => q.slice(0, i + 1)).filter((p) => p.trim().length > 0 && !p.endsWith(' ')));
}
