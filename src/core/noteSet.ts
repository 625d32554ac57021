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

/** Notes outside the set that its notes may link to (the bundled notes, for a workspace's notes). */
export interface ExternalNotes {
  /** Note id -> the anchors of its sections. */
  readonly anchors: ReadonlyMap<string, readonly string[]>;
  /** Hint ids already taken, with the note that owns each. */
  readonly hintOwners: ReadonlyMap<string, string>;
}

export interface NoteSetOptions {
  /** Topics a note may name, in tree order; undefined: any topic (a workspace's notes bring their own). */
  topics?: readonly string[];
  /** Notes the set may link to besides its own. A set note with an external note's id replaces it. */
  external?: ExternalNotes;
}

/**
 * Parses a folder's worth of notes and checks what no single file can: unique note and hint ids,
 * known topics, and that `related` ids and note links point at notes and headings that exist.
 * A broken note is reported and left out; the rest still load.
 */
export function loadNoteSet(files: readonly NoteFile[], topics: readonly string[]): NoteSet {
  return checkNoteSet(parseNoteFiles(files), { topics });
}

/** Parses each file on its own: the notes that parsed (earlier file wins on a duplicate id) and the problems. */
export function parseNoteFiles(files: readonly NoteFile[]): { notes: Note[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const notes: Note[] = [];
  for (const f of files) {
    const result = parseNoteFile(f);
    if (result.ok) notes.push(result.note);
    else problems.push(...result.problems);
  }
  return { notes, problems };
}

/** One file: decoded, then parsed, with the id its file name implies. */
export function parseNoteFile(f: NoteFile): { ok: true; note: Note } | { ok: false; problems: Problem[] } {
  const decoded = decodeNoteBytes(f.file, f.bytes);
  if (!decoded.ok) return decoded;
  const expectedId = /([^/\\]+)\.md$/i.exec(f.file)?.[1];
  return parseNote(f.file, decoded.text, expectedId);
}

/** The checks across notes, over notes that each parsed. Notes with a duplicate id are reported and left out. */
export function checkNoteSet(parsed: { notes: readonly Note[]; problems: readonly Problem[] }, options: NoteSetOptions = {}): NoteSet {
  const problems: Problem[] = [...parsed.problems];
  const byId = new Map<string, Note>();
  const { topics, external } = options;

  for (const note of parsed.notes) {
    const first = byId.get(note.id);
    if (first) {
      problems.push({ file: note.file, line: note.fieldLines.id ?? 1, message: `duplicate note id "${note.id}" (already used by ${first.file})` });
      continue;
    }
    byId.set(note.id, note);
  }

  const anchorsOf = (id: string): readonly string[] | undefined => {
    const own = byId.get(id);
    return own ? own.sections.map((s) => s.anchor) : external?.anchors.get(id);
  };
  const hintOwners = new Map<string, Note>();
  for (const note of byId.values()) {
    const line = (field: string) => note.fieldLines[field] ?? 1;
    if (topics && !topics.includes(note.topic)) {
      problems.push({ file: note.file, line: line('topic'), message: `unknown topic "${note.topic}" (known: ${topics.join(', ')})` });
    }
    for (const r of note.related) {
      if (r === note.id) problems.push({ file: note.file, line: line('related'), message: `note lists itself in "related"` });
      else if (!anchorsOf(r)) problems.push({ file: note.file, line: line('related'), message: `related note "${r}" does not exist` });
    }
    for (const link of note.links) {
      const anchors = anchorsOf(link.noteId);
      if (!anchors) {
        problems.push({ file: note.file, line: link.line, message: `link to note "${link.noteId}" that does not exist` });
      } else if (link.anchor && !anchors.includes(link.anchor)) {
        problems.push({ file: note.file, line: link.line, message: `link to "${link.noteId}#${link.anchor}": no such heading in that note` });
      }
    }
    for (const h of note.hints) {
      const owner = hintOwners.get(h.id);
      // A note that replaces an external note may keep that note's hint ids: they go together.
      const externalOwner = external?.hintOwners.get(h.id);
      if (owner) problems.push({ file: note.file, line: h.line, message: `duplicate hint id "${h.id}" (already used in ${owner.file})` });
      else if (externalOwner !== undefined && externalOwner !== note.id) {
        problems.push({ file: note.file, line: h.line, message: `hint id "${h.id}" is already used by the bundled note "${externalOwner}"` });
      } else hintOwners.set(h.id, note);
    }
  }

  const order = topics ?? [];
  const topicRank = (t: string) => {
    const i = order.indexOf(t);
    return i === -1 ? order.length : i;
  };
  const notes = [...byId.values()].sort(
    (a, b) => topicRank(a.topic) - topicRank(b.topic) || a.topic.localeCompare(b.topic) || a.order - b.order || a.id.localeCompare(b.id),
  );
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  const warnings = notes.flatMap((n) => n.warnings ?? []);
  return { notes, problems, warnings };
}
