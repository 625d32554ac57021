import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HintScanner } from '../core/hintRules';
import { KB_FILES, KB_VERSION, type KnowledgeBaseData } from '../core/knowledgeBase';
import type { NoteMeta } from '../core/note';
import { excerpt } from '../core/search/excerpt';
import { SearchIndex, type SearchHit } from '../core/search/searchIndex';

export interface SearchResultItem extends SearchHit {
  note: NoteMeta;
  heading: string;
  excerpt: string;
}

/**
 * The bundled knowledge base, loaded lazily in pieces: metadata on first use of the tree or hints,
 * the search index on first search, an article when it is opened. Everything was computed at build
 * time (scripts/build-notes.ts); this class only reads it.
 */
export class NoteStore {
  private data: KnowledgeBaseData | undefined;
  private byId: Map<string, NoteMeta> | undefined;
  private index: SearchIndex | undefined;
  private scanner: HintScanner | undefined;
  private readonly articles = new Map<string, string>();
  /** Why the knowledge base could not be loaded, if it could not. */
  loadError: string | undefined;
  /** Why the notes could not be searched (a missing or damaged search index), if they could not. */
  searchError: string | undefined;

  constructor(private readonly kbDir: string) {}

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

  get topics(): readonly string[] {
    return this.meta().topics;
  }

  get notes(): readonly NoteMeta[] {
    return this.meta().notes;
  }

  note(id: string): NoteMeta | undefined {
    this.byId ??= new Map(this.notes.map((n) => [n.id, n]));
    return this.byId.get(id);
  }

  notesInTopic(topic: string): NoteMeta[] {
    return this.notes.filter((n) => n.topic === topic);
  }

  hintScanner(): HintScanner {
    return (this.scanner ??= new HintScanner(this.meta().hints));
  }

  /**
   * Best section per note for the query, with what the picker shows. When the index cannot be
   * loaded or searched this returns nothing and `searchError` says why, so the picker can say so.
   */
  search(query: string, limit = 30): SearchResultItem[] {
    const index = this.loadIndex();
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
    } catch (e) {
      this.searchError = `Could not load the search index: ${(e as Error).message}`;
    }
    return this.index;
  }

  /** The rendered article of a note, or undefined when it is unknown or unreadable. */
  article(id: string): string | undefined {
    if (!this.note(id)) return undefined;
    let html = this.articles.get(id);
    if (html === undefined) {
      try {
        html = readFileSync(join(this.kbDir, KB_FILES.notesDir, `${id}.html`), 'utf8');
      } catch {
        return undefined;
      }
      this.articles.set(id, html);
    }
    return html;
  }
}
