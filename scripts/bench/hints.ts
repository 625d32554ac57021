/**
 * Hint scanning with the real rule set (the hints of every note in notes/ that parses today) over
 * generated TypeScript and Python files: the fast scan (HintScanner.matchAll) beside the plain one
 * (naiveMatchAll, each rule's regex over the whole text), and whether they found the same.
 * Usage: node hints.cjs <repo root>   (prints one JSON line)
 */
import { HintScanner } from '../../src/core/hintRules';
import { generateCode, type CodeLanguage } from './codegen';
import { examplesFor, loadNotes } from './notes';
import { median, percentile } from './stats';

const root = process.argv[2];
const { notes, rules, skipped, files } = loadNotes(root);

function time(f: () => unknown, reps: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    f();
    times.push(performance.now() - t);
  }
  return times;
}

const results = [];
for (const language of ['typescript', 'python'] as CodeLanguage[]) {
  for (const lines of [10_000, 100_000]) {
    const text = generateCode(language, lines, examplesFor(notes, language));
    const scanner = new HintScanner(rules);
    const fast = scanner.matchAll(text, language);
    const naive = scanner.naiveMatchAll(text, language);
    const same = JSON.stringify(fast) === JSON.stringify(naive);
    const small = lines <= 10_000;
    time(() => scanner.matchAll(text, language), small ? 10 : 2); // warm-up
    const fastTimes = time(() => scanner.matchAll(text, language), small ? 30 : 8);
    const naiveTimes = time(() => scanner.naiveMatchAll(text, language), small ? 7 : 3);
    const mb = text.length / 1e6;
    results.push({
      language,
      lines,
      chars: text.length,
      rules: rules.filter((r) => (r.languages as string[]).includes(language)).length,
      matches: fast.matches.length,
      same,
      fastMs: median(fastTimes),
      fastP95: percentile(fastTimes, 95),
      naiveMs: median(naiveTimes),
      fastMBps: mb / (median(fastTimes) / 1000),
      naiveMBps: mb / (median(naiveTimes) / 1000),
      speedup: median(naiveTimes) / median(fastTimes),
    });
  }
}
console.log(JSON.stringify({ rules: rules.length, notes: notes.length, noteFiles: files, skippedNotes: skipped, results }));
