import assert from 'node:assert/strict';
import { join } from 'node:path';
import { HintScanner, limitMatches, LineIndex, looksMinified, type HintMatch } from '../../src/core/hintRules';
import { hintData } from '../../src/core/knowledgeBase';
import type { HintRuleData } from '../../src/core/note';
import { loadNoteSet } from '../../src/core/noteSet';
import { FIXTURES, loadNoteFolder, ROOT, readNoteFiles, readTopics } from './helpers';

function rule(id: string, pattern: string, languages: HintRuleData['languages'] = ['typescript'], flags = ''): HintRuleData {
  return { id, noteId: 'n', label: id, section: 's', languages, pattern, flags };
}

describe('HintScanner', () => {
  describe('matchAll', () => {
    it('reports offsets and 0-based lines of each match', () => {
      const text = 'const a = 1;\n\nfor (let attempt = 0; attempt < 3; attempt++) {}\n';
      const scanner = new HintScanner([rule('loop', 'for \\(let attempt')]);
      const { matches } = scanner.matchAll(text, 'typescript');
      assert.equal(matches.length, 1);
      assert.equal(matches[0].start, text.indexOf('for ('));
      assert.equal(matches[0].end, text.indexOf('for (') + 'for (let attempt'.length);
      assert.equal(matches[0].line, 2);
    });

    it('only runs rules for the document language', () => {
      const scanner = new HintScanner([rule('ts', 'retry', ['typescript']), rule('py', 'retry', ['python'])]);
      assert.deepEqual(scanner.matchAll('retry', 'python').matches.map((m) => m.ruleId), ['py']);
      assert.deepEqual(scanner.matchAll('retry', 'rust').matches, []);
    });

    it('honours rule flags', () => {
      const scanner = new HintScanner([rule('ci', 'idempotency-key', ['go'], 'i')]);
      assert.equal(scanner.matchAll('req.Header.Set("Idempotency-Key", k)', 'go').matches.length, 1);
    });

    it('stops at the time budget and says so', () => {
      const scanner = new HintScanner([rule('a', 'x'), rule('b', 'y')]);
      const result = scanner.matchAll('x y', 'typescript', performance.now() - 1);
      assert.equal(result.truncated, true);
      assert.deepEqual(result.matches, []);
    });
  });

  describe('scan', () => {
    const text = Array.from({ length: 100 }, (_, i) => (i % 5 === 0 ? 'await retry(call);' : 'doWork();')).join('\n');
    const scanner = new HintScanner([rule('retry', '\\bretry\\('), rule('work', '\\bdoWork\\(')]);

    it('shows one lens per rule per block of nearby lines', () => {
      const { matches } = scanner.scan(text, 'typescript', { nearbyLines: 20, maxPerFile: 100 });
      assert.deepEqual(matches.filter((m) => m.ruleId === 'retry').map((m) => m.line), [0, 20, 40, 60, 80]);
    });

    it('does not count building a language plan against the budget', () => {
      // Planning a language's rules is a one-off cost (several ms warm, over 60 ms cold). A clock
      // that jumps 1 s whenever a plan is built makes the test exact: the scan must still run
      // every rule within a 500 ms budget, which it only can if planning happens before the
      // budget's clock starts.
      const rules = loadNoteFolder(join(ROOT, 'notes')).notes.flatMap(hintData);
      const realNow = performance.now.bind(performance);
      let skew = 0;
      const clock = (): number => realNow() + skew;
      performance.now = clock;
      try {
        const fresh = new HintScanner(rules);
        const internals = fresh as unknown as { plans: Map<string, unknown>; planFor: (...a: unknown[]) => unknown };
        const planFor = internals.planFor.bind(fresh);
        internals.planFor = (languageId: unknown, ...rest: unknown[]) => {
          if (!internals.plans.has(languageId as string)) skew += 1000;
          return planFor(languageId, ...rest);
        };
        const result = fresh.scan('await fetch(url);\n', 'typescript', { budgetMs: 500 });
        assert.equal(skew, 1000, 'the plan was built once');
        assert.equal(result.truncated, false, 'the scan stopped at its budget');
        assert.ok(result.matches.length > 0, 'a bare fetch should match a rule');
      } finally {
        performance.now = realNow;
      }
    });

    it('caps the lenses per file, keeping the first in document order', () => {
      const { matches } = scanner.scan(text, 'typescript', { nearbyLines: 1, maxPerFile: 3 });
      assert.deepEqual(matches.map((m) => m.line), [0, 1, 2]);
    });
  });
});

describe('limitMatches', () => {
  it('keeps matches of different rules on the same line', () => {
    const m = (ruleId: string, line: number): HintMatch => ({ ruleId, noteId: 'n', section: 's', label: ruleId, start: line * 10, end: line * 10 + 1, line });
    assert.deepEqual(limitMatches([m('a', 0), m('b', 0), m('a', 3)], 20, 10).map((x) => `${x.ruleId}${x.line}`), ['a0', 'b0']);
  });
});

describe('LineIndex', () => {
  it('maps offsets to lines at and around line breaks', () => {
    const li = new LineIndex('ab\ncd\n\nef');
    assert.deepEqual([0, 2, 3, 5, 6, 7, 9].map((o) => li.lineAt(o)), [0, 0, 1, 1, 2, 3, 3]);
  });
});

describe('hint rules of the fixture notes', () => {
  const set = loadNoteSet(readNoteFiles(join(FIXTURES, 'notes')), readTopics(join(FIXTURES, 'notes')));
  const note = set.notes.find((n) => n.id === 'retries-in-practice')!;
  const scanner = new HintScanner(hintData(note));

  for (const spec of note.hints) {
    it(`${spec.id}: fires on its match examples and not on its near misses`, () => {
      for (const lang of spec.languages) {
        for (const code of spec.examples.match) assert.ok(scanner.matchAll(code, lang).matches.some((m) => m.ruleId === spec.id), code);
        for (const code of spec.examples.noMatch) assert.ok(!scanner.matchAll(code, lang).matches.some((m) => m.ruleId === spec.id), code);
      }
    });
  }
  void ROOT;
});

describe('looksMinified', () => {
  it('flags a bundle of very long lines and leaves ordinary code alone', () => {
    const bundle = 'var a=1;'.repeat(2_000) + '\n' + 'fetch(u);'.repeat(1_000);
    const code = Array.from({ length: 400 }, (_, i) => `  const value${i} = await fetch(url${i});`).join('\n');
    assert.equal(looksMinified(bundle), true);
    assert.equal(looksMinified(code), false);
    assert.equal(looksMinified('x'.repeat(4_000)), false, 'short files are never skipped');
  });
});
