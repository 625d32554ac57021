import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  assignHints,
  cachePath,
  matchEntry,
  parseCorpus,
  scoreCorpus,
  splitFor,
  toMarkdown,
  type Entry,
  type Hint,
} from '../../scripts/corpus/scoring.mjs';
import { knownSections } from '../../scripts/corpus/io.mjs';
import { AnchorAllocator } from '../../src/core/slug';
import { ROOT } from './helpers';

const C = 'c'.repeat(40);

/** A synthetic entry whose split is whatever the hash says, so it passes the split check. */
function entry(repo: string, path: string, language: string, labels: Entry['labels']): Entry {
  return {
    repo, commit: C, path, language, split: splitFor(repo, path),
    kind: labels.length > 0 ? 'positive' : 'negative', labels, source: { file: 't', line: 1 },
  };
}

const label = (line: number, note: string, tier: 'concept' | 'risk') => ({ line, note, section: 's', tier, reason: 'r' });
const hint = (file: string, line: number, noteId: string, tier: string): Hint => ({ file, line, noteId, tier });

describe('corpus scoring', () => {
  it('matches a hint to a label of the same note within two lines, and tiers only to the same tier', () => {
    const labels = [label(10, 'n1', 'risk'), label(30, 'n2', 'concept')];
    const { hintVerdicts, labelVerdicts } = matchEntry(labels, [
      hint('f', 12, 'n1', 'concept'), // 2 lines away, same note, other tier
      hint('f', 13, 'n1', 'risk'), // 3 lines away: too far
      hint('f', 30, 'n3', 'concept'), // right line, wrong note
    ]);
    assert.deepEqual(hintVerdicts.map((v) => [v.match, v.tierMatch]), [[true, false], [false, false], [false, false]]);
    assert.deepEqual(labelVerdicts.map((v) => [v.found, v.tierFound]), [[true, false], [false, false]]);
  });

  it('computes precision and recall per split, tier, language and note, leaving out missing files', () => {
    // Fixed splits, whatever the hash says, so the arithmetic below is about known buckets.
    const a = { ...entry('o/a', 'src/a.ts', 'typescript', [label(10, 'n1', 'risk'), label(30, 'n2', 'concept')]), split: 'tune' as const };
    const b = { ...entry('o/b', 'b.py', 'python', [label(5, 'n1', 'concept')]), split: 'holdout' as const };
    const c = { ...entry('o/c', 'c.sql', 'sql', []), split: 'holdout' as const };
    const d = { ...entry('o/d', 'd.ts', 'typescript', [label(1, 'n1', 'risk')]), split: 'tune' as const };
    const perEntry = new Map<Entry, Hint[]>([
      [a, [hint('a', 11, 'n1', 'risk'), hint('a', 12, 'n1', 'concept'), hint('a', 30, 'n3', 'concept'), hint('a', 34, 'n2', 'concept')]],
      [b, [hint('b', 3, 'n1', 'concept')]],
      [c, [hint('c', 1, 'n3', 'risk')]],
    ]);
    const r = scoreCorpus([a, b, c, d], perEntry, { missing: [d] });
    assert.equal(r.entries, 4);
    assert.equal(r.scored, 3);
    assert.deepEqual(r.missing, [{ repo: 'o/d', commit: C, path: 'd.ts' }]);

    const t = r.splits.tune;
    assert.equal(t.files, 1);
    assert.deepEqual([t.overall.truePositives, t.overall.hints, t.overall.precision], [2, 4, 0.5]);
    assert.deepEqual([t.overall.found, t.overall.labels, t.overall.recall], [1, 2, 0.5]);
    assert.deepEqual([t.tiers.risk.truePositives, t.tiers.risk.hints, t.tiers.risk.found, t.tiers.risk.labels], [1, 1, 1, 1]);
    assert.deepEqual([t.tiers.concept.truePositives, t.tiers.concept.hints, t.tiers.concept.found, t.tiers.concept.labels], [0, 3, 0, 1]);

    const h = r.splits.holdout;
    assert.deepEqual([h.files, h.overall.truePositives, h.overall.hints, h.overall.found, h.overall.labels], [2, 1, 2, 1, 1]);
    assert.equal(h.overall.recall, 1);

    const all = r.splits.all;
    assert.deepEqual([all.overall.truePositives, all.overall.hints, all.overall.found, all.overall.labels], [3, 6, 2, 3]);
    assert.deepEqual([all.languages.typescript.hints, all.languages.typescript.truePositives], [4, 2]);
    assert.deepEqual([all.languages.sql.hints, all.languages.sql.truePositives, all.languages.sql.recall], [1, 0, null]);
    assert.deepEqual([all.notes.n1.hints, all.notes.n1.truePositives, all.notes.n1.labels, all.notes.n1.found], [3, 3, 2, 2]);
    assert.deepEqual([all.notes.n2.precision, all.notes.n2.recall], [0, 0]);
    assert.deepEqual([all.notes.n3.hints, all.notes.n3.truePositives, all.notes.n3.labels], [2, 0, 0]);

    const md = toMarkdown(r);
    assert.match(md, /WARNING: 1 of 4 corpus entries have no cached file/);
    assert.match(md, /\| all hints \| 50\.0% \(2\/4\) \| 50\.0% \(1\/2\) \| 50\.0% \(1\/2\) \| 100\.0% \(1\/1\) \| 50\.0% \(3\/6\) \| 66\.7% \(2\/3\) \|/);
  });

  it('assigns hints to entries by cache path, absolute or by suffix, and sets the rest aside', () => {
    const e = entry('own/repo', 'src/x.ts', 'typescript', [label(3, 'n', 'concept')]);
    const abs = cachePath('/cache', e);
    assert.equal(abs, join('/cache', 'own', 'repo', C, 'src', 'x.ts'));
    const { perEntry, stray } = assignHints([e], [
      hint(abs, 3, 'n', 'concept'),
      hint(`elsewhere/own/repo/${C}/src/x.ts`, 4, 'n', 'concept'),
      hint('/cache/other/file.ts', 1, 'n', 'concept'),
    ], '/cache');
    assert.deepEqual(perEntry.get(e)?.map((h) => h.line), [3, 4]);
    assert.equal(stray.length, 1);
  });

  it('names the file and line of every broken corpus line, and keeps the good ones', () => {
    const good = entry('o/r', 'a.py', 'python', []);
    const wrongSplit = { ...good, path: 'b.py', split: splitFor('o/r', 'b.py') === 'tune' ? 'holdout' : 'tune' };
    const lines = [
      JSON.stringify({ ...good, source: undefined }),
      '{not json',
      JSON.stringify({ ...good, path: 'a.go', language: 'python' }),
      JSON.stringify({ ...good, path: 'c.py', split: splitFor('o/r', 'c.py'), kind: 'positive', labels: [] }),
      JSON.stringify(wrongSplit),
      JSON.stringify({ ...good, path: 'd.py', split: splitFor('o/r', 'd.py'), kind: 'positive', labels: [label(2, 'n', 'risk')] }),
      JSON.stringify({ ...good, source: undefined }),
    ];
    const known = new Map([['n', new Set(['other'])]]);
    const { entries, problems } = parseCorpus(lines.join('\n'), 'x.jsonl', known);
    assert.equal(entries.length, 2);
    assert.equal(problems.length, 6, problems.join('\n'));
    assert.match(problems[0], /^x\.jsonl:2: not valid JSON/);
    assert.match(problems[1], /^x\.jsonl:3: "language" is "python" but a\.go is go/);
    assert.match(problems[2], /^x\.jsonl:4: a "positive" entry needs at least one label/);
    assert.match(problems[3], /^x\.jsonl:5: "split" must be/);
    assert.match(problems[4], /^x\.jsonl:6: label 1: note n has no section "s"/);
    assert.match(problems[5], /^x\.jsonl:7: duplicate of line 1/);
  });
});

describe('the real-code corpus files', () => {
  const dir = join(ROOT, 'corpus', 'real');
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
  // Read straight from the notes' headings (not through the note loader, whose hint checks are
  // no business of this test): every bundled note must be there.
  const known = knownSections(join(ROOT, 'notes'));

  it('knows every bundled note and its sections, with the reader\'s anchor rule', () => {
    const ids = readdirSync(join(ROOT, 'notes')).filter((f) => f.endsWith('.md')).map((f) => f.replace(/\.md$/, ''));
    assert.deepEqual([...known.keys()].sort(), ids.sort());
    const dir = mkdtempSync(join(tmpdir(), 'corpus-notes-'));
    try {
      const headings = ['Retries need a budget', 'Setup', "What's next? (v2)", 'Setup'];
      writeFileSync(join(dir, 'n.md'), ['---', 'id: n', 'hints: [x]', '---', '', ...headings.map((h) => `## ${h}`), '```', '## not a heading', '```'].join('\n'));
      const a = new AnchorAllocator();
      assert.deepEqual([...knownSections(dir).get('n')!], headings.map((h) => a.next(h)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exist', () => assert.ok(files.length > 0, `no .jsonl file in ${dir}`));

  for (const f of files) {
    it(`${f}: every entry is well formed and every label names a real note section`, () => {
      const { entries, problems } = parseCorpus(readFileSync(join(dir, f), 'utf8'), `corpus/real/${f}`, known);
      assert.deepEqual(problems, []);
      assert.ok(entries.length > 0);
      const negative = entries.filter((e) => e.kind === 'negative').length;
      assert.ok(negative * 4 >= entries.length, `${f}: ${negative} of ${entries.length} entries are negative; at least a quarter must be`);
    });
  }
});

describe('the corpus scripts', () => {
  const script = (name: string) => join(ROOT, 'scripts', 'corpus', name);
  const fixture = (name: string) => join(ROOT, 'test', 'fixtures', 'corpus', name);

  function run(name: string, args: string[]) {
    return spawnSync(process.execPath, [script(name), ...args], { encoding: 'utf8', cwd: ROOT });
  }

  it('score.mjs scores hand-made hints from the files they name, and says loudly which entries have no cached file', () => {
    const cache = mkdtempSync(join(tmpdir(), 'corpus-cache-'));
    try {
      const entries = parseCorpus(readFileSync(fixture('mini.jsonl'), 'utf8'), 'mini.jsonl').entries;
      for (const e of entries) {
        const p = cachePath(cache, e);
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, 'cached\n');
      }
      const full = run('score.mjs', ['--cache', cache, '--hints', fixture('mini-hints.json'), '--json', fixture('mini.jsonl')]);
      assert.equal(full.status, 0, full.stderr);
      const r = JSON.parse(full.stdout) as { scored: number; missing: unknown[]; splits: { all: { overall: Record<string, number>; tiers: Record<string, Record<string, number>> } } };
      assert.equal(r.scored, 3);
      assert.deepEqual(r.missing, []);
      const o = r.splits.all.overall;
      assert.deepEqual([o.truePositives, o.hints, o.found, o.labels], [2, 4, 2, 2]);
      const risk = r.splits.all.tiers.risk;
      assert.deepEqual([risk.truePositives, risk.hints, risk.found, risk.labels], [1, 3, 1, 2]);

      rmSync(cachePath(cache, entries.find((e) => e.path.endsWith('tracer.ts'))!));
      const partial = run('score.mjs', ['--cache', cache, '--hints', fixture('mini-hints.json'), fixture('mini.jsonl')]);
      assert.equal(partial.status, 0, partial.stderr);
      assert.match(partial.stderr, /WARNING: 1 of 3 corpus entries have NO CACHED FILE/);
      assert.match(partial.stdout, /WARNING: 1 of 3 corpus entries have no cached file/);
      assert.match(partial.stdout, /Scored 2 of 3 files/);
      assert.match(partial.stdout, /1 hints named files outside the corpus/);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it('fill-cache.mjs copies recorded files out of a git mirror and names every file it could not get', () => {
    const work = mkdtempSync(join(tmpdir(), 'corpus-fill-'));
    try {
      const repo = join(work, 'mirrors', 'own+lib', 'repo');
      const git = (...a: string[]) => execFileSync('git', a, { cwd: repo, encoding: 'utf8' }).trim();
      mkdirSync(join(repo, 'src'), { recursive: true });
      git('init', '-q');
      writeFileSync(join(repo, 'src', 'a.ts'), 'export const a = 1;\n');
      git('add', '.');
      git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'one');
      const commit = git('rev-parse', 'HEAD');
      const line = (r: string, path: string, c = commit) =>
        JSON.stringify({ repo: r, commit: c, path, language: 'typescript', split: splitFor(r, path), kind: 'negative', labels: [] });
      const corpus = join(work, 'c.jsonl');
      writeFileSync(corpus, [line('own/lib', 'src/a.ts'), line('own/lib', 'src/gone.ts'), line('own/lib', 'src/a2.ts', 'f'.repeat(40)), line('other/x', 'y.ts')].join('\n'));
      const cache = join(work, 'cache');
      const r = run('fill-cache.mjs', ['--mirrors', join(work, 'mirrors'), '--cache', cache, corpus]);
      assert.equal(r.status, 1);
      assert.match(r.stdout, /4 entries: 1 copied, 0 already cached, 3 missing/);
      assert.match(r.stderr, /src\/gone\.ts: no such file at commit/);
      assert.match(r.stderr, /src\/a2\.ts: commit f{40} is not in the mirror/);
      assert.match(r.stderr, /other\/x y\.ts: no mirror of other\/x/);
      assert.equal(readFileSync(join(cache, 'own', 'lib', commit, 'src', 'a.ts'), 'utf8'), 'export const a = 1;\n');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
