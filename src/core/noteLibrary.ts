import type { HintRuleData, Note, NoteMeta } from './note';
import { hintData, noteMeta } from './knowledgeBase';
import type { ExternalNotes } from './noteSet';

/** Where a note in the library comes from. */
export type NoteOrigin = 'bundled' | 'workspace';

/** A note as the tree, search, reader and hints see it, whichever set it came from. */
export interface LibraryNote extends NoteMeta {
  origin: NoteOrigin;
  /** Workspace notes: the file as problems name it (e.g. `.engineering-notes/our-retries.md`). */
  file?: string;
  /** Workspace notes: true when a bundled note with the same id is replaced by this one. */
  replacesBundled?: boolean;
}

/** The bundled knowledge base, as the extension loads it (dist/kb/meta.json). */
export interface BundledNotes {
  topics: readonly string[];
  notes: readonly NoteMeta[];
  hints: readonly HintRuleData[];
}

export interface LibraryOptions {
  /** False: only the workspace's notes (setting `engineeringNotes.notes.bundled`). */
  includeBundled: boolean;
  /** Hint rule ids that do not run (setting `engineeringNotes.hints.disabledRules`). */
  disabledRules: ReadonlySet<string>;
  /** False in an untrusted workspace: the workspace's notes are read, their hint rules do not run. */
  runWorkspaceRules: boolean;
}

export interface NoteLibrary {
  /** Bundled topics in their order, then the workspace's own topics by name. Only topics with notes. */
  topics: string[];
  notes: LibraryNote[];
  byId: ReadonlyMap<string, LibraryNote>;
  /** The rules that run: bundled ones of notes still in the library, workspace ones when allowed. */
  hints: HintRuleData[];
  /** Ids of workspace notes, for the callers that must fetch their bodies elsewhere. */
  workspaceIds: ReadonlySet<string>;
}

/** What a workspace's notes may link to and which hint ids they may not reuse. */
export function bundledAsExternal(bundled: BundledNotes): ExternalNotes {
  return {
    anchors: new Map(bundled.notes.map((n) => [n.id, ['', ...n.sections.map((s) => s.anchor)]])),
    hintOwners: new Map(bundled.hints.map((h) => [h.id, h.noteId])),
  };
}

/**
 * Bundled and workspace notes as one library. A workspace note with a bundled note's id replaces it
 * (its rules too); bundled notes can be left out entirely; single rules can be turned off.
 */
export function mergeLibrary(bundled: BundledNotes, workspace: readonly Note[], options: LibraryOptions): NoteLibrary {
  const workspaceIds = new Set(workspace.map((n) => n.id));
  const bundledIds = new Set(bundled.notes.map((n) => n.id));
  const kept = options.includeBundled ? bundled.notes.filter((n) => !workspaceIds.has(n.id)) : [];
  const fromWorkspace: LibraryNote[] = workspace.map((n) => ({
    ...noteMeta(n),
    origin: 'workspace',
    file: n.file,
    replacesBundled: options.includeBundled && bundledIds.has(n.id),
  }));
  const all: LibraryNote[] = [...kept.map((n): LibraryNote => ({ ...n, origin: 'bundled' })), ...fromWorkspace];

  const used = new Set(all.map((n) => n.topic));
  const own = [...used].filter((t) => !bundled.topics.includes(t)).sort((a, b) => a.localeCompare(b));
  const topics = [...bundled.topics.filter((t) => used.has(t)), ...own];
  const rank = new Map(topics.map((t, i) => [t, i]));
  all.sort((a, b) => rank.get(a.topic)! - rank.get(b.topic)! || a.order - b.order || a.id.localeCompare(b.id));

  const keptIds = new Set(kept.map((n) => n.id));
  const hints = [
    ...bundled.hints.filter((h) => keptIds.has(h.noteId)),
    ...(options.runWorkspaceRules ? workspace.flatMap(hintData) : []),
  ].filter((h) => !options.disabledRules.has(h.id));

  return { topics, notes: all, byId: new Map(all.map((n) => [n.id, n])), hints, workspaceIds };
}

/**
 * A note folder named by a setting, as a path relative to the workspace folder, or undefined when
 * it could point elsewhere (absolute, a drive or UNC path, `..`, a NUL byte). Settings from a
 * workspace are input like any other.
 */
export function safeRelativeFolder(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.includes('\0')) return undefined;
  const normal = value.trim().replace(/\\/g, '/');
  if (normal.startsWith('/') || /^[a-zA-Z]:/.test(normal)) return undefined;
  const parts = normal.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.includes('..')) return undefined;
  return parts.join('/');
}
