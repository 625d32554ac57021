import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HintRuleData } from '../core/hints/rule';
import { excerpt, KB_FILES, KB_VERSION, type KnowledgeBaseData, type SearchData } from '../core/knowledgeBase';
import type { NoteMeta } from '../core/note';
import { NoteIndex, type SearchHit } from '../core/noteIndex';

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
  private index: { index: NoteIndex; texts: Record<string, string> } | undefined;
  private readonly articles = new Map<string, string>();
  /** Why the knowledge base could not be loaded, if it could not. */
  loadError: string | undefined;

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

  /** The hint rules, as built; the hint worker compiles them (lazily, per language). */
  hintRules(): readonly HintRuleData[] {
    return this.meta().hints;
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
      if (!note) continue;
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
