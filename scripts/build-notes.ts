/**
 * Build-time work for the bundled knowledge base: validate every note (all problems at once), then
 * write what activation needs so the extension never parses Markdown or builds an index at run time:
 *   dist/kb/meta.json     topics, note metadata, hint rules
 *   dist/kb/search.json   the serialised search index (MiniSearch, src/core/search) with section texts
 *   dist/kb/notes/*.html  each note's article, rendered
 * Usage: node scripts/build-notes.mjs [--check] [--notes DIR] [--out DIR]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { hintData } from '../src/core/knowledgeBase';
import { formatProblem } from '../src/core/note';
import { loadNoteSet } from '../src/core/noteSet';
import { timingProblem } from '../src/core/regexSafety';
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

const started = performance.now();
const topicsFile = join(notesDir, 'topics.json');
let topics: string[];
try {
  topics = JSON.parse(readFileSync(topicsFile, 'utf8')) as string[];
  if (!Array.isArray(topics) || topics.some((t) => typeof t !== 'string')) throw new Error('must be a JSON list of topic names');
} catch (e) {
  console.error(`${relative(process.cwd(), topicsFile)}: ${(e as Error).message}`);
  process.exit(1);
}

const files = readdirSync(notesDir)
  .filter((f) => f.toLowerCase().endsWith('.md'))
  .sort()
  .map((f) => ({ file: relative(process.cwd(), join(notesDir, f)), bytes: readFileSync(join(notesDir, f)) }));
const { notes, problems } = loadNoteSet(files, topics);

if (problems.length) {
  for (const p of problems) console.error(formatProblem(p));
  console.error(`\n${problems.length} problem${problems.length === 1 ? '' : 's'} in ${new Set(problems.map((p) => p.file)).size} of ${files.length} note files.`);
  process.exit(1);
}

const hints = notes.flatMap(hintData);
const summary = `${notes.length} notes, ${hints.length} hint rules, ${notes.reduce((n, x) => n + x.wordCount, 0)} words`;
if (checkOnly) {
  // The timing check measures patterns with the clock, so it may only warn: a busy machine must
  // never turn a build red. The structural check above is what refuses a pattern.
  let slow = 0;
  for (const note of notes) {
    for (const h of note.hints) {
      const warning = timingProblem(h.pattern, h.flags, [...h.examples.match, ...h.examples.noMatch]);
      if (warning) {
        slow++;
        console.warn(`${note.file}:${h.line}: warning: hint "${h.id}": ${warning} (timing check: warns only)`);
      }
    }
  }
  console.log(`notes ok: ${summary}${slow ? `; ${slow} timing warning${slow === 1 ? '' : 's'}, which never fail the build` : ''}`);
  process.exit(0);
}

writeKnowledgeBase(outDir, notes, topics);
console.log('regex timing check: not run by the build (it judges by the clock, and a busy machine must not fail a build); `npm run validate:notes` prints its warnings');
console.log(`knowledge base: ${summary} -> ${relative(process.cwd(), outDir)} in ${Math.round(performance.now() - started)} ms`);
