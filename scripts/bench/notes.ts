/** The bundled notes as they are on disk right now, through the same core code the build uses. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hintData } from '../../src/core/knowledgeBase';
import type { HintRuleData, Note } from '../../src/core/note';
import { loadNoteSet } from '../../src/core/noteSet';

export interface LoadedNotes {
  notes: Note[];
  rules: HintRuleData[];
  /** Note files that were skipped because they do not parse (the rest still count). */
  skipped: number;
  files: number;
  problems: number;
}

export function loadNotes(root: string): LoadedNotes {
  const dir = join(root, 'notes');
  const files = readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.md'))
    .sort()
    .map((f) => ({ file: `notes/${f}`, bytes: readFileSync(join(dir, f)) }));
  const topics = JSON.parse(readFileSync(join(dir, 'topics.json'), 'utf8')) as string[];
  const { notes, problems } = loadNoteSet(files, topics);
  return { notes, rules: notes.flatMap(hintData), skipped: files.length - notes.length, files: files.length, problems: problems.length };
}
