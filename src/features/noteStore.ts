import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HintRuleData } from '../core/hints/rule';
import { excerpt, KB_FILES, KB_VERSION, type KnowledgeBaseData, type SearchData } from '../core/knowledgeBase';
import type { NoteMeta } from '../core/note';
import { mergeLibrary, type LibraryNote, type LibraryOptions, type NoteLibrary } from '../core/noteLibrary';
import { NoteIndex, type SearchHit } from '../core/noteIndex';
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
  private index: { index: NoteIndex; texts: Record<string, string> } | undefined;
  private readonly articles = new Map<string, string>();
  private loadErrorText: string | undefined;
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

  /** Best section per note for the query, with what the picker shows. */
  search(query: string, limit = 30): SearchResultItem[] {
    const { index, texts } = this.loadIndex();
    const items: SearchResultItem[] = [];
    let hits: SearchHit[];
    try {
      hits = index.query(query, { limit });
    } catch (e) {
      // A damaged index file: say so where the search shows problems, and find nothing.
      this.loadError = `Could not search the bundled notes: ${(e as Error).message}`;
      return [];
    }
    for (const hit of hits) {
      const note = this.note(hit.noteId);
      // The index holds the bundled notes: a hit on one a workspace note replaced is not that note.
      if (!note || note.origin !== 'bundled') continue;
      const heading = note.sections.find((s) => s.anchor === hit.anchor)?.heading ?? '';
      const text = texts[`${hit.noteId}#${hit.anchor}`] ?? note.summary;
      items.push({ ...hit, note, heading, excerpt: excerpt(text, hit.terms) });
    }
    return items;
  }

  /** Loads the search index now (about 12 ms the first time), so the first keystroke does not wait for it. */
  prepareSearch(): void {
    this.loadIndex();
  }

  private loadIndex(): { index: NoteIndex; texts: Record<string, string> } {
    if (this.index) return this.index;
    try {
      const raw = readFileSync(join(this.kbDir, KB_FILES.search), 'utf8');
      const data = JSON.parse(raw) as SearchData;
      if (data.version !== KB_VERSION) throw new Error(`search index version ${String(data.version)}, expected ${KB_VERSION}`);
      this.index = { index: NoteIndex.fromObject(data.index), texts: data.texts };
    } catch (e) {
      this.loadError = `Could not load the search index: ${(e as Error).message}`;
      this.index = { index: NoteIndex.build([]), texts: {} };
    }
    return this.index;
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
