/**
 * The knowledge base build (scripts/build-notes.ts) for when some notes do not validate yet: the
 * same core steps, with the broken notes left out instead of failing, so the bench can measure
 * whatever is there. Only used by the bench when build-notes refuses.
 * Usage: node kbBuild.cjs <repo root> <out dir>   (prints one JSON line)
 */
import { writeKnowledgeBase } from '../writeKnowledgeBase';
import { loadNotes } from './notes';

const [root, outDir] = process.argv.slice(2);
const { notes, skipped, problems } = loadNotes(root);
writeKnowledgeBase(outDir, notes, [...new Set(notes.map((n) => n.topic))]);
console.log(JSON.stringify({ notes: notes.length, skipped, problems }));
