/**
 * Checks the hint rules of the given note files exactly as the build does (same code:
 * scripts/noteChecks.ts): the notes' folder is loaded as a whole, then only the given files'
 * problems are reported and only their rules compiled and their examples run.
 * Usage: node scripts/check-rules.mjs notes/a.md [notes/b.md ...]
 * Exit code 1 when any problem is found.
 */
import { dirname, resolve } from 'node:path';
import { formatProblem } from '../src/core/note';
import { checkNotesFolder } from './noteChecks';

async function main(): Promise<void> {
  const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (!files.length) {
    console.error('usage: node scripts/check-rules.mjs NOTE.md [NOTE.md ...]');
    process.exit(2);
  }
  const byDir = new Map<string, string[]>();
  for (const f of files) {
    const dir = dirname(resolve(f));
    byDir.set(dir, [...(byDir.get(dir) ?? []), f]);
  }
  let failed = false;
  for (const [dir, group] of byDir) {
    const check = await checkNotesFolder(dir, group);
    for (const w of check.warnings) console.warn(`warning: ${formatProblem(w)}`);
    for (const p of check.problems) console.error(formatProblem(p));
    if (check.problems.length) failed = true;
    console.log(`${group.length} file(s): ${check.rulesChecked} new-format rules checked, ${check.examplesRun} examples run, ${check.problems.length} problem(s)`);
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e: unknown) => {
  console.error((e as Error).stack ?? String(e));
  process.exit(1);
});
