import { decodeNoteBytes, parseNote } from './noteParser';
import type { Note, Problem } from './note';

/** One note file as read from disk. */
export interface NoteFile {
  /** How problems name the file, e.g. `notes/retries.md`. */
  file: string;
  bytes: Uint8Array;
}

export interface NoteSet {
  /** Every note that parsed, in a stable order (topic order, then `order`, then id). */
  notes: Note[];
  /** Every problem, per file and across files. Empty when the set is sound. */
  problems: Problem[];
  /** What does not stop the build but must be said (legacy rules skipped). */
  warnings: Problem[];
}

/**
 * Parses a folder's worth of notes and checks what no single file can: unique note and hint ids,
 * known topics, and that `related` ids and note links point at notes and headings that exist.
 * A broken note is reported and left out; the rest still load.
 */
export function loadNoteSet(files: readonly NoteFile[], topics: readonly string[]): NoteSet {
  const problems: Problem[] = [];
  const byId = new Map<string, Note>();

  // Files are taken in the order given: on a duplicate id the earlier file wins.
  for (const f of files) {
    const decoded = decodeNoteBytes(f.file, f.bytes);
    if (!decoded.ok) {
      problems.push(...decoded.problems);
      continue;
    }
    const expectedId = /([^/\\]+)\.md$/i.exec(f.file)?.[1];
    const result = parseNote(f.file, decoded.text, expectedId);
    if (!result.ok) {
      problems.push(...result.problems);
      continue;
    }
    const note = result.note;
    const first = byId.get(note.id);
    if (first) {
      problems.push({ file: note.file, line: note.fieldLines.id ?? 1, message: `duplicate note id "${note.id}" (already used by ${first.file})` });
      continue;
    }
    byId.set(note.id, note);
  }

  const hintOwners = new Map<string, Note>();
  for (const note of byId.values()) {
    const line = (field: string) => note.fieldLines[field] ?? 1;
    if (!topics.includes(note.topic)) {
      problems.push({ file: note.file, line: line('topic'), message: `unknown topic "${note.topic}" (known: ${topics.join(', ')})` });
    }
    for (const r of note.related) {
      if (r === note.id) problems.push({ file: note.file, line: line('related'), message: `note lists itself in "related"` });
      else if (!byId.has(r)) problems.push({ file: note.file, line: line('related'), message: `related note "${r}" does not exist` });
    }
    for (const link of note.links) {
      const target = byId.get(link.noteId);
      if (!target) {
        problems.push({ file: note.file, line: link.line, message: `link to note "${link.noteId}" that does not exist` });
      } else if (link.anchor && !target.sections.some((s) => s.anchor === link.anchor)) {
        problems.push({ file: note.file, line: link.line, message: `link to "${link.noteId}#${link.anchor}": no such heading in that note` });
      }
    }
    for (const h of note.hints) {
      const owner = hintOwners.get(h.id);
      if (owner) problems.push({ file: note.file, line: h.line, message: `duplicate hint id "${h.id}" (already used in ${owner.file})` });
      else hintOwners.set(h.id, note);
    }
  }

  const topicRank = (t: string) => {
    const i = topics.indexOf(t);
    return i === -1 ? topics.length : i;
  };
  const notes = [...byId.values()].sort(
    (a, b) => topicRank(a.topic) - topicRank(b.topic) || a.topic.localeCompare(b.topic) || a.order - b.order || a.id.localeCompare(b.id),
  );
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  const warnings = notes.flatMap((n) => n.warnings);
  return { notes, problems, warnings };
}
