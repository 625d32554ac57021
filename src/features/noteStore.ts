import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HintRuleData } from '../core/hints/rule';
import { KB_FILES, KB_VERSION, type KnowledgeBaseData } from '../core/knowledgeBase';
import type { Note, NoteMeta } from '../core/note';
import { mergeLibrary, type LibraryNote, type LibraryOptions, type NoteLibrary } from '../core/noteLibrary';
import { noteDocument } from '../core/search/documents';
import { excerpt } from '../core/search/excerpt';
import { SearchIndex, type SearchHit } from '../core/search/searchIndex';
import { escapeHtml } from '../core/html';

export interface SearchResultItem extends SearchHit {
  note: LibraryNote;
  heading: string;
  excerpt: string;
}

/** Where the store gets a workspace's notes from (src/features/workspaceNotes.ts), kept abstract for tests. */
export interface WorkspaceNoteSource {
  readonly notes: readonly import('../core/note').Note[];
  article(id: string, notesById: ReadonlyMap<string, NoteMeta>): string | undefined;
}

/**
 * The notes as one library: the bundled knowledge base, loaded lazily in pieces (metadata on first
 * use of the tree or hints, the search index on first search, an article when it is opened, all
 * computed at build time by scripts/build-notes.ts), and the workspace's own notes beside them.
 */
export class NoteStore {
  private data: KnowledgeBaseData | undefined;
  private lib: NoteLibrary | undefined;
  private workspace: WorkspaceNoteSource | undefined;
  private options: LibraryOptions = { includeBundled: true, disabledRules: new Set(), runWorkspaceRules: false };
  /** The search index: the bundled one as built, then kept equal to the library (see syncIndex). */
  private index: SearchIndex | undefined;
  /** What the index holds per note id: the bundled note, or the workspace Note object it was given. */
  private indexed = new Map<string, Note | 'bundled'>();
  private indexSynced = false;
  private readonly articles = new Map<string, string>();
  private loadErrorText: string | undefined;
  private searchErrorText: string | undefined;
  private readonly reported = new Set<string>();

  /** `onProblem` hears each distinct load error once (the extension writes them to its output). */
  constructor(
    private readonly kbDir: string,
    private readonly onProblem: (message: string) => void = () => {},
  ) {}

  /** Why the knowledge base could not be loaded (or searched), if it could not. */
  get loadError(): string | undefined {
    return this.loadErrorText;
  }

  private set loadError(message: string) {
    this.loadErrorText = message;
    this.report(message);
  }

  /** Why the notes could not be searched (a missing or damaged search index), if they could not. */
  get searchError(): string | undefined {
    return this.searchErrorText;
  }

  private set searchError(message: string) {
    this.searchErrorText = message;
    this.report(message);
  }

  private report(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    this.onProblem(message);
  }

  private meta(): KnowledgeBaseData {
    if (this.data) return this.data;
    try {
      const parsed = JSON.parse(readFileSync(join(this.kbDir, KB_FILES.meta), 'utf8')) as KnowledgeBaseData;
      if (parsed.version !== KB_VERSION) throw new Error(`knowledge base version ${String(parsed.version)}, expected ${KB_VERSION}`);
      this.data = parsed;
    } catch (e) {
      this.loadError = `Could not load the bundled notes from ${join(this.kbDir, KB_FILES.meta)}: ${(e as Error).message}`;
      this.data = { version: KB_VERSION, topics: [], notes: [], hints: [] };
    }
    return this.data;
  }

  /** The bundled notes as loaded (for checking a workspace's notes against them). */
  bundled(): KnowledgeBaseData {
    return this.meta();
  }

  /** Takes the workspace's notes and what the settings and trust allow; everything is recomputed on next use. */
  update(workspace: WorkspaceNoteSource | undefined, options: LibraryOptions): void {
    this.workspace = workspace;
    this.options = options;
    this.lib = undefined;
    this.indexSynced = false;
    this.articles.clear();
  }

  private library(): NoteLibrary {
    return (this.lib ??= mergeLibrary(this.meta(), this.workspace?.notes ?? [], this.options));
  }

  get topics(): readonly string[] {
    return this.library().topics;
  }

  get notes(): readonly LibraryNote[] {
    return this.library().notes;
  }

  note(id: string): LibraryNote | undefined {
    return this.library().byId.get(id);
  }

  notesInTopic(topic: string): LibraryNote[] {
    return this.notes.filter((n) => n.topic === topic);
  }

  /** The hint rules that run (bundled ones still in the library, workspace ones when trusted); the hint worker compiles them. */
  hintRules(): readonly HintRuleData[] {
    return this.library().hints;
  }

  /**
   * Best section per note for the query, with what the picker shows. When the index cannot be
   * loaded or searched this returns nothing and `searchError` says why, so the picker can say so.
   */
  search(query: string, limit = 30): SearchResultItem[] {
    if (!this.loadIndex()) return [];
    this.syncIndex();
    // syncIndex may have read the bundled index again: take the index only now.
    const index = this.index;
    if (!index) return [];
    let hits: SearchHit[];
    try {
      hits = index.search(query, { limit });
    } catch (e) {
      this.searchError = `Could not search the bundled notes (${join(this.kbDir, KB_FILES.search)}): ${(e as Error).message}`;
      return [];
    }
    const items: SearchResultItem[] = [];
    const unknown: string[] = [];
    for (const hit of hits) {
      const note = this.note(hit.noteId);
      if (!note) {
        unknown.push(hit.noteId);
        continue;
      }
      const section = index.sectionsOf(hit.noteId)?.find((s) => s.anchor === hit.anchor);
      const heading = section?.heading ?? note.sections.find((s) => s.anchor === hit.anchor)?.heading ?? '';
      items.push({ ...hit, note, heading, excerpt: excerpt(section?.text || note.summary, hit.terms) });
    }
    if (unknown.length) {
      // The index and the metadata come from different builds: say so rather than drop hits quietly.
      this.searchError = `The search index (${join(this.kbDir, KB_FILES.search)}) names notes the metadata does not have: ${unknown.slice(0, 3).join(', ')}; rebuild the extension`;
    }
    return items;
  }

  /** Loads the search index now, so the first keystroke does not wait for it. */
  prepareSearch(): void {
    this.loadIndex()?.prepareLanding();
  }

  private loadIndex(): SearchIndex | undefined {
    if (this.index || this.searchError) return this.index;
    const file = join(this.kbDir, KB_FILES.search);
    try {
      this.index = SearchIndex.loadJSON(readFileSync(file, 'utf8'), file);
      this.indexed = new Map(this.meta().notes.map((n) => [n.id, 'bundled' as const]));
      this.indexSynced = false;
    } catch (e) {
      this.searchError = `Could not load the search index: ${(e as Error).message}`;
    }
    return this.index;
  }

  /**
   * Makes the index hold what the library holds, one note at a time (MiniSearch's replace and
   * discard): a workspace note added or edited is replaced, a note that left the library is
   * discarded. Only a bundled note that must come back (its override was deleted, or bundled
   * notes were turned on again) needs the bundled index read again, since its document is not kept.
   */
  private syncIndex(): void {
    if (this.indexSynced || !this.index) return;
    const lib = this.library();
    const workspace = new Map((this.workspace?.notes ?? []).map((n) => [n.id, n]));
    if (lib.notes.some((n) => n.origin === 'bundled' && this.indexed.get(n.id) !== 'bundled')) {
      this.index = undefined;
      if (!this.loadIndex()) return;
    }
    const index = this.index!;
    for (const id of [...this.indexed.keys()]) {
      if (!lib.byId.has(id)) {
        index.discard(id);
        this.indexed.delete(id);
      }
    }
    for (const n of lib.notes) {
      if (n.origin !== 'workspace') continue;
      const note = workspace.get(n.id);
      if (note && this.indexed.get(n.id) !== note) {
        index.replace(noteDocument(note));
        this.indexed.set(n.id, note);
      }
    }
    this.indexSynced = true;
  }

  /** The rendered article of a note, or undefined when it is unknown or unreadable. */
  article(id: string): string | undefined {
    const note = this.note(id);
    if (!note) return undefined;
    let html = this.articles.get(id);
    if (html === undefined && note.origin === 'workspace') {
      const body = this.workspace?.article(id, this.library().byId);
      if (body === undefined) return undefined;
      html = originBanner(note) + body;
      this.articles.set(id, html);
      return html;
    }
    if (html === undefined) {
      const file = join(this.kbDir, KB_FILES.notesDir, `${id}.html`);
      try {
        html = readFileSync(file, 'utf8');
      } catch (e) {
        // The reader says the note could not be loaded; the output says why.
        this.report(`Could not load the note "${id}" from ${file}: ${(e as Error).message}`);
        return undefined;
      }
      this.articles.set(id, html);
    }
    return html;
  }
}

/** Says where a workspace note comes from, and that it replaces a bundled note when it does. */
function originBanner(note: LibraryNote): string {
  const replaces = note.replacesBundled ? ' It replaces the bundled note with the same id.' : '';
  return `<p class="note-origin" role="note">From this workspace: <code>${escapeHtml(note.file ?? '')}</code>.${replaces}</p>`;
}
