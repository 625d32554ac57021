/**
 * Writes the knowledge base the extension loads (dist/kb by default) from parsed notes: one place
 * for the shape of meta.json, search.json and the prerendered articles, shared by the build
 * (build-notes.ts) and the bench's lenient build (bench/kbBuild.ts).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderArticle } from '../src/core/article';
import { hintData, KB_FILES, KB_VERSION, noteMeta, type KnowledgeBaseData } from '../src/core/knowledgeBase';
import type { Note } from '../src/core/note';
import { noteDocument } from '../src/core/search/documents';
import { SearchIndex } from '../src/core/search/searchIndex';

/** Replaces `outDir` with the knowledge base of `notes`; `topics` in tree order (unused ones are dropped). */
export function writeKnowledgeBase(outDir: string, notes: readonly Note[], topics: readonly string[]): void {
  const metas = notes.map(noteMeta);
  const byId = new Map(metas.map((m) => [m.id, m]));
  const meta: KnowledgeBaseData = { version: KB_VERSION, topics: topics.filter((t) => metas.some((m) => m.topic === t)), notes: metas, hints: notes.flatMap(hintData) };
  // MiniSearch's toJSON at build time: the extension only loads it.
  const search = SearchIndex.create(notes.map(noteDocument)).toJSON();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, KB_FILES.notesDir), { recursive: true });
  writeFileSync(join(outDir, KB_FILES.meta), JSON.stringify(meta));
  writeFileSync(join(outDir, KB_FILES.search), JSON.stringify(search));
  for (const note of notes) writeFileSync(join(outDir, KB_FILES.notesDir, `${note.id}.html`), renderArticle(note, byId));
}
