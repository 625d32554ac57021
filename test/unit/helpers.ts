import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadNoteSet, type NoteFile, type NoteSet } from '../../src/core/noteSet';

export const ROOT = join(__dirname, '..', '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');

/** Reads every .md file of a folder as the build does, named relative to the repo root. */
export function readNoteFiles(dir: string): NoteFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .map((f) => ({ file: relative(ROOT, join(dir, f)), bytes: readFileSync(join(dir, f)) }));
}

export function readTopics(dir: string): string[] {
  return JSON.parse(readFileSync(join(dir, 'topics.json'), 'utf8')) as string[];
}

export function fixture(...parts: string[]): string {
  return readFileSync(join(FIXTURES, ...parts), 'utf8');
}

const noteSets = new Map<string, NoteSet>();

/**
 * A folder of notes loaded once per test run. Parsing the bundled notes runs every hint rule's
 * safety checks (several seconds), so the test files that read the same folder share the result.
 */
export function loadNoteFolder(dir: string): NoteSet {
  let set = noteSets.get(dir);
  if (!set) noteSets.set(dir, (set = loadNoteSet(readNoteFiles(dir), readTopics(dir))));
  return set;
}
