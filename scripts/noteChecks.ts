/**
 * The checks the build runs on a notes folder, shared by build-notes.ts and check-rules.ts so both
 * say exactly the same: every note parsed and cross-checked (noteSet), then every hint rule's
 * queries compiled and examples run with the real grammars (hints/validate.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { GrammarLoader } from '../src/core/hints/grammars';
import { packageWasmDirectory, wasmFromDirectory } from '../src/core/hints/nodeWasm';
import { validateHintRules } from '../src/core/hints/validate';
import type { Note, Problem } from '../src/core/note';
import { loadNoteSet } from '../src/core/noteSet';

export interface NotesCheck {
  notes: Note[];
  topics: string[];
  problems: Problem[];
  warnings: Problem[];
  fileCount: number;
  rulesChecked: number;
  examplesRun: number;
}

/**
 * Checks the notes folder. With `only` (file paths), the whole folder is still loaded (links and
 * related notes need it) but problems, warnings and rule checks are limited to those files.
 */
export async function checkNotesFolder(notesDir: string, only?: readonly string[]): Promise<NotesCheck> {
  const dir = resolve(notesDir);
  const topicsFile = join(dir, 'topics.json');
  let topics: string[];
  try {
    topics = JSON.parse(readFileSync(topicsFile, 'utf8')) as string[];
    if (!Array.isArray(topics) || topics.some((t) => typeof t !== 'string')) throw new Error('must be a JSON list of topic names');
  } catch (e) {
    const problem = { file: relative(process.cwd(), topicsFile), line: 0, message: (e as Error).message };
    return { notes: [], topics: [], problems: [problem], warnings: [], fileCount: 0, rulesChecked: 0, examplesRun: 0 };
  }
  const files = readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.md'))
    .sort()
    .map((f) => ({ file: relative(process.cwd(), join(dir, f)), bytes: readFileSync(join(dir, f)) }));
  const { notes, problems, warnings } = loadNoteSet(files, topics);
  const wanted = only ? new Set(only.map((f) => relative(process.cwd(), resolve(f)))) : undefined;
  const keep = (p: { file: string }) => !wanted || wanted.has(p.file);
  const loader = new GrammarLoader(wasmFromDirectory(packageWasmDirectory()));
  const checked = await validateHintRules(notes.filter(keep), loader);
  return {
    notes,
    topics,
    problems: [...problems.filter(keep), ...checked.problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line),
    warnings: warnings.filter(keep),
    fileCount: wanted ? wanted.size : files.length,
    rulesChecked: checked.summary.rules,
    examplesRun: checked.summary.examples,
  };
}
