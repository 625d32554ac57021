import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { NoteFile } from '../../src/core/noteSet';

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
