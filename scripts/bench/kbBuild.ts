/**
 * The knowledge base build (scripts/build-notes.ts) for when some notes do not validate yet: the
 * same core steps, with the broken notes left out instead of failing, so the bench can measure
 * whatever is there. Only used by the bench when build-notes refuses.
 * Usage: node kbBuild.cjs <repo root> <out dir>   (prints one JSON line)
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderArticle } from '../../src/core/article';
import { KB_FILES, KB_VERSION, noteMeta, sectionDocs, type KnowledgeBaseData, type SearchData } from '../../src/core/knowledgeBase';
import { NoteIndex } from '../../src/core/noteIndex';
import { loadNotes } from './notes';

const [root, outDir] = process.argv.slice(2);
const { notes, rules, skipped, problems } = loadNotes(root);
const metas = notes.map(noteMeta);
const byId = new Map(metas.map((m) => [m.id, m]));
const docs = notes.flatMap(sectionDocs);
const topics = [...new Set(metas.map((m) => m.topic))];
rmSync(outDir, { recursive: true, force: true });
mkdirSync(join(outDir, KB_FILES.notesDir), { recursive: true });
const meta: KnowledgeBaseData = { version: KB_VERSION, topics, notes: metas, hints: rules };
const search: SearchData = { version: KB_VERSION, index: NoteIndex.build(docs).toJSON(), texts: Object.fromEntries(docs.map((d) => [d.id, d.text])) };
writeFileSync(join(outDir, KB_FILES.meta), JSON.stringify(meta));
writeFileSync(join(outDir, KB_FILES.search), JSON.stringify(search));
for (const note of notes) writeFileSync(join(outDir, KB_FILES.notesDir, `${note.id}.html`), renderArticle(note, byId));
console.log(JSON.stringify({ notes: notes.length, skipped, problems }));
