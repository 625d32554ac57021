import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { HintScanner } from '../../src/core/hintRules';
import { hintData } from '../../src/core/knowledgeBase';
import type { HintLanguage, HintRuleData } from '../../src/core/note';
import { FIXTURES, ROOT, loadNoteFolder } from './helpers';

/**
 * Precision and recall of the shipped hint rules over a corpus of production-style code
 * (test/fixtures/code). A line where a lens should appear carries a trailing marker comment naming
 * the rule ids, e.g. `// hint: rel-retry-loop-ts` (`# hint:` in Python, `-- hint:` in SQL), on the
 * line where the match starts. Markers are removed before scanning, so their words cannot change
 * what a rule sees. Every raw match (HintScanner.matchAll, no presentation limits) is compared, as
 * (file, line, rule) triples, with the marked ones.
 */

const CORPUS = join(FIXTURES, 'code');
const THRESHOLD = 0.9;

const LANGUAGE_OF: Record<string, HintLanguage> = {
  '.ts': 'typescript',
  '.tsx': 'typescriptreact',
  '.js': 'javascript',
  '.jsx': 'javascriptreact',
  '.py': 'python',
  '.go': 'go',
  '.java': 'java',
  '.cs': 'csharp',
  '.sql': 'sql',
};

/** The comment that starts a marker, per language. */
function commentLeader(languageId: HintLanguage): string {
  if (languageId === 'python') return '#';
  if (languageId === 'sql') return '--';
  return '//';
}

/**
 * Rules allowed to have no positive marker, each with the reason. Empty: every rule is covered.
 * Add an entry only with a reason a reviewer would accept (e.g. the pattern cannot occur in
 * code written the way the corpus is).
 */
const UNCOVERED_OK: Record<string, string> = {};

interface CorpusFile {
  file: string;
  languageId: HintLanguage;
  /** The file with marker comments removed (same lines). */
  text: string;
  lineCount: number;
  /** `line:ruleId` (0-based line) for every marked expectation. */
  expected: Set<string>;
  /** Problems with the markers themselves (unknown rule, rule not for this language). */
  markerProblems: string[];
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
}

function readCorpusFile(path: string, rules: ReadonlyMap<string, HintRuleData>): CorpusFile {
  const file = relative(CORPUS, path).split('\\').join('/');
  const languageId = LANGUAGE_OF[extname(path)];
  const leader = commentLeader(languageId).replace(/[/-]/g, '\\$&');
  const marker = new RegExp(`[ \\t]*${leader}[ \\t]*hint:[ \\t]*([\\w-]+(?:[ \\t,]+[\\w-]+)*)[ \\t]*$`);
  const expected = new Set<string>();
  const markerProblems: string[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  const stripped = lines.map((line, i) => {
    const m = marker.exec(line);
    if (!m) return line;
    for (const id of m[1].split(/[\s,]+/)) {
      const rule = rules.get(id);
      if (!rule) markerProblems.push(`${file}:${i + 1}: no rule "${id}"`);
      else if (!rule.languages.includes(languageId)) markerProblems.push(`${file}:${i + 1}: rule "${id}" does not run on ${languageId}`);
      expected.add(`${i}:${id}`);
    }
    return line.slice(0, m.index);
  });
  return { file, languageId, text: stripped.join('\n'), lineCount: lines.length, expected, markerProblems };
}

interface RuleScore {
  tp: number;
  fp: number;
  fn: number;
}

describe('hint rules over the code corpus (test/fixtures/code)', () => {
  const NOTES = join(ROOT, 'notes');
  const set = loadNoteFolder(NOTES);
  const ruleList = set.notes.flatMap(hintData);
  const rules = new Map(ruleList.map((r) => [r.id, r]));
  const scanner = new HintScanner(ruleList);
  const files = walk(CORPUS)
    .filter((p) => LANGUAGE_OF[extname(p)] !== undefined)
    .map((p) => readCorpusFile(p, rules));

  const scores = new Map<string, RuleScore>(ruleList.map((r) => [r.id, { tp: 0, fp: 0, fn: 0 }]));
  const misses: string[] = [];
  for (const f of files) {
    const { matches, truncated } = scanner.matchAll(f.text, f.languageId);
    assert.equal(truncated, false);
    const actual = new Set(matches.map((m) => `${m.line}:${m.ruleId}`));
    for (const key of new Set([...actual, ...f.expected])) {
      const [line, ruleId] = key.split(':');
      const score = scores.get(ruleId);
      if (!score) continue; // an unknown id in a marker; reported by its own test
      const where = `${f.file}:${Number(line) + 1} ${ruleId}`;
      if (actual.has(key) && f.expected.has(key)) score.tp++;
      else if (actual.has(key)) {
        score.fp++;
        misses.push(`  false positive  ${where}`);
      } else {
        score.fn++;
        misses.push(`  missed          ${where}`);
      }
    }
  }
  const total = [...scores.values()].reduce((a, s) => ({ tp: a.tp + s.tp, fp: a.fp + s.fp, fn: a.fn + s.fn }), { tp: 0, fp: 0, fn: 0 });
  const precision = total.tp / (total.tp + total.fp || 1);
  const recall = total.tp / (total.tp + total.fn || 1);

  it('is a corpus of realistic files in every supported language, with clean files among them', () => {
    const languages = new Set(files.map((f) => f.languageId));
    assert.deepEqual([...languages].sort(), Object.values(LANGUAGE_OF).sort());
    for (const f of files) assert.ok(f.lineCount >= 20 && f.lineCount <= 120, `${f.file}: ${f.lineCount} lines (want 20-120)`);
    const clean = files.filter((f) => f.expected.size === 0);
    assert.ok(clean.length >= 4, `only ${clean.length} files without markers`);
  });

  it('marks only rules that exist and run on the file language', () => {
    assert.deepEqual(files.flatMap((f) => f.markerProblems), []);
  });

  it('has a positive marker for every rule', () => {
    const covered = new Set(files.flatMap((f) => [...f.expected].map((k) => k.split(':')[1])));
    const uncovered = ruleList.map((r) => r.id).filter((id) => !covered.has(id) && !(id in UNCOVERED_OK));
    assert.deepEqual(uncovered, [], `rules with no corpus coverage: ${uncovered.join(', ')}`);
  });

  it(`reaches precision and recall of at least ${THRESHOLD}`, () => {
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    const imperfect = [...scores].filter(([, s]) => s.fp > 0 || s.fn > 0);
    const width = Math.max(...ruleList.map((r) => r.id.length));
    const lines = [
      `    hint corpus: ${files.length} files, ${total.tp + total.fn} marked, ${total.tp + total.fp} found`,
      `    ${'rule'.padEnd(width)}   tp  fp  fn`,
      ...imperfect.map(([id, s]) => `    ${id.padEnd(width)} ${String(s.tp).padStart(4)}${String(s.fp).padStart(4)}${String(s.fn).padStart(4)}`),
      `    ${scores.size - imperfect.length} other rules: every marked line found, nothing else`,
      ...misses.sort(),
      `    precision ${pct(precision)} (${total.tp}/${total.tp + total.fp})   recall ${pct(recall)} (${total.tp}/${total.tp + total.fn})`,
    ];
    console.log(lines.join('\n'));
    assert.ok(precision >= THRESHOLD, `precision ${pct(precision)} is below ${pct(THRESHOLD)}`);
    assert.ok(recall >= THRESHOLD, `recall ${pct(recall)} is below ${pct(THRESHOLD)}`);
  });
});
