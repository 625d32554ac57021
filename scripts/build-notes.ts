/**
 * Build-time work for the bundled knowledge base: validate every note (all problems at once, hint
 * rules compiled and their examples run with the real grammars), then write what activation needs
 * so the extension never parses Markdown or builds an index at run time:
 *   dist/kb/meta.json     topics, note metadata, hint rules
 *   dist/kb/search.json   the serialised search index (MiniSearch, src/core/search) with section texts
 *   dist/kb/notes/*.html  each note's article, rendered
 * Usage: node scripts/build-notes.mjs [--check] [--notes DIR] [--out DIR]
 */
import { relative, resolve } from 'node:path';
import { hintData } from '../src/core/knowledgeBase';
import { formatProblem } from '../src/core/note';
import { checkNotesFolder } from './noteChecks';
import { writeKnowledgeBase } from './writeKnowledgeBase';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const root = process.env.NOTES_ROOT ?? process.cwd();
const notesDir = resolve(root, flag('--notes', 'notes'));
const outDir = resolve(root, flag('--out', 'dist/kb'));
const checkOnly = args.includes('--check');

async function main(): Promise<void> {
  const started = performance.now();
  const check = await checkNotesFolder(notesDir);
  for (const w of check.warnings) console.warn(`warning: ${formatProblem(w)}`);
  if (check.problems.length) {
    for (const p of check.problems) console.error(formatProblem(p));
    const files = new Set(check.problems.map((p) => p.file)).size;
    console.error(`\n${check.problems.length} problem${check.problems.length === 1 ? '' : 's'} in ${files} of ${check.fileCount} note files.`);
    process.exit(1);
  }
  const { notes, topics } = check;
  const hints = notes.flatMap(hintData);
  const summary = `${notes.length} notes, ${hints.length} hint rules (${check.examplesRun} examples run), ${notes.reduce((n, x) => n + x.wordCount, 0)} words`;
  if (checkOnly) {
    console.log(`notes ok: ${summary}`);
    return;
  }
  writeKnowledgeBase(outDir, notes, topics);
  console.log(`knowledge base: ${summary} -> ${relative(process.cwd(), outDir)} in ${Math.round(performance.now() - started)} ms`);
}

main().catch((e: unknown) => {
  console.error((e as Error).stack ?? String(e));
  process.exit(1);
});
