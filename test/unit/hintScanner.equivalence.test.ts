import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { generateCode } from '../../scripts/bench/codegen';
import { HintScanner, type ScanResult } from '../../src/core/hintRules';
import { prefilterOf, tunedPattern } from '../../src/core/hintPrefilter';
import { hintData } from '../../src/core/knowledgeBase';
import { LiteralSearch } from '../../src/core/literalSearch';
import { HINT_LANGUAGES, type HintRuleData, type Note } from '../../src/core/note';
import { FIXTURES, ROOT, loadNoteFolder } from './helpers';

/**
 * The fast hint scan (`matchAll`: one pass for every rule's literals, then each rule tried only
 * where it can start) must find exactly what the plain scan (`naiveMatchAll`: each rule's regex
 * over the whole text) finds: same rules, offsets and order. Checked on the real rules of notes/
 * (whatever notes parse today) over generated files, the real-editor fixture files and random
 * edits of the rules' own examples, and on random patterns over random text.
 */

function loadRules(dir: string): { notes: Note[]; rules: HintRuleData[] } {
  const { notes } = loadNoteFolder(dir);
  return { notes, rules: notes.flatMap(hintData) };
}

function assertSame(scanner: HintScanner, text: string, language: string): ScanResult {
  const fast = scanner.matchAll(text, language);
  const naive = scanner.naiveMatchAll(text, language);
  assert.deepEqual(fast, naive, `fast and plain scans differ for ${language} on ${JSON.stringify(text.slice(0, 200))}`);
  return fast;
}

function examplesOf(notes: readonly Note[], language: string): string[] {
  return notes.flatMap((n) => n.hints.filter((h) => (h.languages as string[]).includes(language)).flatMap((h) => [...h.examples.match, ...h.examples.noMatch]));
}

/** Characters that matter to the rules and the prefilter: quotes, brackets, case, line breaks, non-ASCII case folds. */
const EDIT_CHARS = [' ', '\n', '\t', '(', ')', '{', '}', '[', ']', "'", '"', '`', '.', ',', ';', ':', '=', '/', '*', '#', '_', '-', 'a', 'E', 'k', 's', 'S', 'T', '\u017f', '\u212a', 'é', '\ud83d\ude00', '\ud83d'];

/** Random edits of a text: inserted, deleted and replaced runs, and cut-and-pasted slices. */
const edited = (base: string) =>
  fc
    .array(
      fc.tuple(
        fc.nat({ max: Math.max(0, base.length) }),
        fc.nat({ max: 12 }),
        fc.oneof(fc.constantFrom(...EDIT_CHARS), fc.string({ maxLength: 6 }), fc.constantFrom('await ', 'SELECT * FROM ', 'for (let attempt = 0; ', 'tenant_id', 'catch (e) {}', '\n    ')),
      ),
      { maxLength: 8 },
    )
    .map((edits) => {
      let text = base;
      for (const [at, remove, insert] of edits) {
        const i = Math.min(at, text.length);
        text = text.slice(0, i) + insert + text.slice(i + remove);
      }
      return text;
    });

describe('HintScanner.matchAll equals naiveMatchAll', function () {
  this.timeout(120_000);
  const real = loadRules(join(ROOT, 'notes'));
  const fixtures = loadRules(join(FIXTURES, 'notes'));
  const scanner = new HintScanner([...real.rules, ...fixtures.rules]);

  it('loads some real rules to check', () => {
    assert.ok(real.rules.length > 0, 'no hint rule in notes/ parses');
  });

  for (const language of ['typescript', 'python'] as const) {
    it(`on generated ${language} files with the rules' examples mixed in`, () => {
      for (const seed of [1, 2, 3]) {
        const text = generateCode(language, 3_000, examplesOf(real.notes, language), seed);
        const { matches } = assertSame(scanner, text, language);
        assert.ok(matches.length > 0, 'the generated file should trigger some hints');
      }
    });
  }

  it('on the real-editor fixture files, in every language', () => {
    const dir = join(ROOT, 'test', 'vscode', 'fixtures', 'workspace');
    for (const file of readdirSync(dir)) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const language of HINT_LANGUAGES) assertSame(scanner, text, language);
    }
  });

  it("on every rule's own examples, alone and all together, in every language", () => {
    const notes = [...real.notes, ...fixtures.notes];
    for (const language of HINT_LANGUAGES) {
      const examples = examplesOf(notes, language);
      for (const example of examples) assertSame(scanner, example, language);
      assertSame(scanner, examples.join('\n'), language);
      assertSame(scanner, examples.join(''), language);
    }
  });

  it('on random edits of the examples', () => {
    const notes = [...real.notes, ...fixtures.notes];
    for (const language of HINT_LANGUAGES) {
      const examples = examplesOf(notes, language);
      if (!examples.length) continue;
      fc.assert(
        fc.property(
          fc.array(fc.constantFrom(...examples), { minLength: 1, maxLength: 6 }).chain((picked) => edited(picked.join('\n'))),
          (text) => {
            assertSame(scanner, text, language);
          },
        ),
        { numRuns: 150, seed: 5 },
      );
    }
  });
});

/** Random patterns from the constructs hint rules use, to exercise the prefilter beyond today's rules. */
const atom = fc.constantFrom('a', 'b', 'ab', 'ba', 'abc', 'AB', '\\.', '\\(', '\\n', 'x', '[ab]', '[^a\\n]', '\\w', '\\s', '\\d', '.', '\\b', '^', '$', '\\x61', '\\u0062', '{', '\\{');
const quantifier = fc.constantFrom('', '', '', '*', '+', '?', '{0,3}', '{1,2}', '*?', '{2}', '{1,}');
const patternArb: fc.Arbitrary<string> = fc.letrec<{ pattern: string; seq: string; term: string }>((tie) => ({
  pattern: fc.array(tie('seq'), { minLength: 1, maxLength: 3 }).map((alts) => alts.join('|')),
  seq: fc.array(tie('term'), { minLength: 1, maxLength: 5 }).map((terms) => terms.join('')),
  term: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(atom, quantifier).map(([a, q]) => a + q),
    fc.tuple(fc.constantFrom('(?:', '(', '(?=', '(?!', '(?<=', '(?<!'), tie('pattern'), quantifier).map(([open, body, q]) => `${open}${body})${q}`),
  ),
})).pattern;

describe('HintScanner on random patterns', function () {
  this.timeout(120_000);

  it('finds the same matches fast and plain', () => {
    fc.assert(
      fc.property(
        patternArb,
        fc.constantFrom('', 'i', 'm', 's', 'u', 'iu', 'im'),
        fc.array(fc.constantFrom('a', 'b', 'c', 'A', 'B', 'x', ' ', '\n', '.', '(', '{', '_', '1', '\u017f', '\ud83d\ude00', 'abc', 'ab', 'ba'), { maxLength: 60 }),
        (pattern, flags, chars) => {
          let valid = true;
          try {
            new RegExp(pattern, flags);
          } catch {
            valid = false;
          }
          fc.pre(valid && !new RegExp(pattern, flags).test(''));
          const scanner = new HintScanner([{ id: 'r', noteId: 'n', label: 'r', section: 's', languages: ['typescript'], pattern, flags }]);
          assertSame(scanner, chars.join(''), 'typescript');
        },
      ),
      { numRuns: 3000, seed: 11 },
    );
  });
});

describe('prefilterOf', () => {
  it('anchors a rule on the literal it cannot match without', () => {
    const p = prefilterOf('\\b\\w*[sS]tripe\\w*\\.(?:charges|refunds)\\.create\\(', '');
    assert.ok(p);
    assert.ok(p.leaves.some((l) => l.literal === '.create('));
  });

  it('gives up on back-references and patterns with no literal', () => {
    assert.equal(prefilterOf('(a)\\1', ''), undefined);
    assert.equal(prefilterOf('\\w+\\s*=', ''), undefined);
  });
});

describe('tunedPattern', () => {
  it('makes greedy quantifiers lazy inside look-behinds only', () => {
    assert.equal(tunedPattern('a+(?<=\\bx\\b[\\s\\S]{0,30})', ''), 'a+(?<=\\bx\\b[\\s\\S]{0,30}?)');
    assert.equal(tunedPattern('(?<!y*?)', ''), '(?<!y*?)');
  });

  it('checks the character after a look-behind before running it', () => {
    assert.equal(tunedPattern('UPDATE(?<=tenant_id[\\s\\S]{0,3000}?)\\s+SET', 'i'), 'UPDATE(?=\\s)(?<=tenant_id[\\s\\S]{0,3000}?)\\s+SET');
    assert.equal(tunedPattern('a(?<=b)c?', ''), 'a(?<=b)c?');
  });

  it('leaves what it cannot parse alone', () => {
    assert.equal(tunedPattern('(a)\\1(?<=a+)b', ''), '(a)\\1(?<=a+)b');
  });
});

describe('LiteralSearch', () => {
  it('finds every occurrence of every literal, overlapping ones and any case included', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-cA-C.(]{1,4}$/), { minLength: 1, maxLength: 8, comparator: (a, b) => a.toLowerCase() === b.toLowerCase() }),
        fc.stringMatching(/^[a-cA-C.( ]{0,80}$/),
        (literals, text) => {
          const found = new LiteralSearch(literals).findAll(text);
          literals.forEach((literal, id) => {
            const want: number[] = [];
            const lower = text.toLowerCase();
            for (let i = lower.indexOf(literal.toLowerCase()); i !== -1; i = lower.indexOf(literal.toLowerCase(), i + 1)) want.push(i);
            assert.deepEqual([...found.offsets.subarray(found.begin[id], found.begin[id + 1])], want);
          });
        },
      ),
      { numRuns: 500, seed: 3 },
    );
  });
});
