import assert from 'node:assert/strict';
import { Deadline, ScanStopped } from '../../src/core/hints/engine';
import { languageIdOfPath } from '../../src/core/hints/languages';
import { presentHints } from '../../src/core/hints/present';
import { analyseQuery } from '../../src/core/hints/query';
import type { Hint } from '../../src/core/hints/rule';
import { looksLikeSql, sqlStatements } from '../../src/core/hints/sql';
import { engineOf, linesOf, rule } from './hintHelpers';
import fc from 'fast-check';
import { re2Test, setLiteralFastPath } from '../../src/core/hints/re2';

/** Does the rule fire (anywhere) on the code? */
async function fires(r: ReturnType<typeof rule>, code: string, languageId: string): Promise<boolean> {
  return (await linesOf(r, code, languageId)).length > 0;
}

describe('hint engine: predicates', function () {
  this.timeout(60_000);

  describe('#eq? #not-eq? #any-of? #not-any-of?', () => {
    const eq = rule({ typescript: '(call_expression function: (identifier) @fn (#eq? @fn "fetch")) @hint' });
    const notEq = rule({ typescript: '(call_expression function: (identifier) @fn (#not-eq? @fn "fetch")) @hint' });
    const anyOf = rule({ python: '(call function: (attribute object: (identifier) @lib (#any-of? @lib "requests" "httpx"))) @hint' });
    const notAnyOf = rule({ python: '(call function: (attribute object: (identifier) @lib (#not-any-of? @lib "requests" "httpx"))) @hint' });
    it('compare the captured text exactly', async () => {
      assert.equal(await fires(eq, 'fetch(u);', 'typescript'), true);
      assert.equal(await fires(eq, 'fetcher(u);', 'typescript'), false);
      assert.equal(await fires(notEq, 'fetch(u);', 'typescript'), false);
      assert.equal(await fires(notEq, 'load(u);', 'typescript'), true);
      assert.equal(await fires(anyOf, 'httpx.get(u)', 'python'), true);
      assert.equal(await fires(anyOf, 'session.get(u)', 'python'), false);
      assert.equal(await fires(notAnyOf, 'httpx.get(u)', 'python'), false);
      assert.equal(await fires(notAnyOf, 'session.get(u)', 'python'), true);
    });
  });

  describe('#match? #not-match? (RE2)', () => {
    const m = rule({ go: '(call_expression function: (selector_expression field: (field_identifier) @f (#match? @f "(?i)^retry"))) @hint' });
    const nm = rule({ go: '(call_expression function: (selector_expression field: (field_identifier) @f (#not-match? @f "^Retry"))) @hint' });
    it('run RE2 syntax, (?i) included, which JavaScript RegExp would refuse', async () => {
      const code = 'package m\nfunc f() { c.RETRYOnce(); c.Do() }';
      assert.deepEqual(await linesOf(m, code, 'go'), [1]);
      assert.equal(await fires(m, 'package m\nfunc f() { c.Do() }', 'go'), false);
      assert.equal(await fires(nm, 'package m\nfunc f() { c.RetryOnce() }', 'go'), false);
      assert.equal(await fires(nm, 'package m\nfunc f() { c.Do() }', 'go'), true);
    });
    it('a pattern that backtracks in JavaScript stays linear (a long near-match ends at once)', async () => {
      const r = rule({ typescript: '((identifier) @hint (#match? @hint "^(?:\\\\w|\\\\d)+Retry$"))' });
      const name = 'a'.repeat(50_000) + '_';
      assert.equal(await fires(r, `const ${name} = 1;`, 'typescript'), false);
      assert.equal(await fires(r, 'const withRetry = 1;', 'typescript'), true);
    });
  });

  describe('#has-key? #not-has-key?', () => {
    it('TS/JS: object properties, shorthand too, in arguments passed directly', async () => {
      const r = rule({ typescript: '(call_expression function: (identifier) @fn (#eq? @fn "fetch") arguments: (arguments) @args (#not-has-key? @args "signal" "timeout")) @hint' });
      assert.equal(await fires(r, 'fetch(url);', 'typescript'), true);
      assert.equal(await fires(r, 'fetch(url, { method: "POST" });', 'typescript'), true);
      assert.equal(await fires(r, 'fetch(url, { signal });', 'typescript'), false);
      assert.equal(await fires(r, 'fetch(url, { signal: AbortSignal.timeout(1) });', 'javascript'), false);
      assert.equal(await fires(r, "fetch(url, { 'timeout': 5 });", 'typescriptreact'), false);
    });
    it('Python: keyword arguments and dict literals', async () => {
      const r = rule({ python: '(call function: (attribute attribute: (identifier) @v (#eq? @v "get")) arguments: (argument_list) @args (#not-has-key? @args "timeout")) @hint' });
      assert.equal(await fires(r, 'requests.get(u)', 'python'), true);
      assert.equal(await fires(r, 'requests.get(u, timeout=5)', 'python'), false);
      assert.equal(await fires(r, 'client.get({"timeout": 5})', 'python'), false);
    });
    it('C#: named arguments and object-initializer members', async () => {
      const named = rule({ csharp: '(invocation_expression arguments: (argument_list) @args (#has-key? @args "cancellationToken")) @hint' });
      assert.equal(await fires(named, 'class A { void F() { c.GetAsync(url, cancellationToken: ct); } }', 'csharp'), true);
      assert.equal(await fires(named, 'class A { void F() { c.GetAsync(url, ct); } }', 'csharp'), false);
      const init = rule({ csharp: '((object_creation_expression type: (identifier) @t (#eq? @t "HttpClient")) @hint (#not-has-key? @hint "Timeout"))' });
      assert.equal(await fires(init, 'class A { void F() { var c = new HttpClient(); } }', 'csharp'), true);
      assert.equal(await fires(init, 'class A { void F() { var c = new HttpClient { Timeout = T }; } }', 'csharp'), false);
    });
    it('Go: keyed composite-literal fields (through &)', async () => {
      const r = rule({ go: '((unary_expression operand: (composite_literal type: (qualified_type) @t (#eq? @t "http.Client"))) @hint (#not-has-key? @hint "Timeout"))' });
      assert.equal(await fires(r, 'package m\nvar c = &http.Client{}', 'go'), true);
      assert.equal(await fires(r, 'package m\nvar c = &http.Client{Timeout: 5 * time.Second}', 'go'), false);
    });
    it('Java: calls chained on the same expression', async () => {
      const r = rule({ java: '((method_invocation name: (identifier) @n (#eq? @n "build")) @hint (#not-has-key? @hint "timeout" "connectTimeout"))' });
      assert.equal(await fires(r, 'class A { void f() { var r = HttpRequest.newBuilder(uri).GET().build(); } }', 'java'), true);
      assert.equal(await fires(r, 'class A { void f() { var r = HttpRequest.newBuilder(uri).timeout(d).build(); } }', 'java'), false);
    });
  });

  describe('#inside? #not-inside?', () => {
    const call = (kind: string, not = false) => rule({ typescript: `(call_expression function: (identifier) @fn (#eq? @fn "query") (#${not ? 'not-' : ''}inside? @fn "${kind}")) @hint` });
    it('loop, try, catch, function, up to the enclosing function only', async () => {
      assert.equal(await fires(call('loop'), 'for (const x of xs) { query(x); }', 'typescript'), true);
      assert.equal(await fires(call('loop'), 'while (a) { query(x); }', 'typescript'), true);
      assert.equal(await fires(call('loop'), 'query(x);', 'typescript'), false);
      // A loop outside the enclosing function does not count: the function runs once per call.
      assert.equal(await fires(call('loop'), 'for (const x of xs) { const f = () => query(x); }', 'typescript'), false);
      assert.equal(await fires(call('try'), 'try { query(x); } catch (e) {}', 'typescript'), true);
      assert.equal(await fires(call('try'), 'try { a(); } catch (e) { query(x); }', 'typescript'), false);
      assert.equal(await fires(call('catch'), 'try { a(); } catch (e) { query(x); }', 'typescript'), true);
      assert.equal(await fires(call('function'), 'function f() { query(x); }', 'typescript'), true);
      assert.equal(await fires(call('function'), 'query(x);', 'typescript'), false);
      assert.equal(await fires(call('loop', true), 'query(x);', 'typescript'), true);
      assert.equal(await fires(call('loop', true), 'for (;;) { query(x); }', 'typescript'), false);
    });
    it('in the other grammars too', async () => {
      const py = rule({ python: '(call function: (identifier) @f (#eq? @f "q") (#inside? @f "catch")) @hint' });
      assert.equal(await fires(py, 'try:\n    a()\nexcept E:\n    q()\n', 'python'), true);
      assert.equal(await fires(py, 'try:\n    q()\nexcept E:\n    pass\n', 'python'), false);
      const go = rule({ go: '(call_expression function: (identifier) @f (#eq? @f "q") (#inside? @f "loop")) @hint' });
      assert.equal(await fires(go, 'package m\nfunc f() { for i := 0; i < 3; i++ { q() } }', 'go'), true);
      const java = rule({ java: '(method_invocation name: (identifier) @f (#eq? @f "q") (#inside? @f "loop")) @hint' });
      assert.equal(await fires(java, 'class A { void f() { for (var x : xs) { q(); } } }', 'java'), true);
      const cs = rule({ csharp: '(invocation_expression function: (identifier) @f (#eq? @f "Q") (#inside? @f "try")) @hint' });
      assert.equal(await fires(cs, 'class A { void F() { try { Q(); } catch (Exception e) { } } }', 'csharp'), true);
      assert.equal(await fires(cs, 'class A { void F() { try { } catch (Exception e) { Q(); } } }', 'csharp'), false);
    });
  });

  describe('#function-contains? #not-function-contains?', () => {
    const r = rule({ typescript: '(call_expression function: (identifier) @fn (#eq? @fn "consume") (#not-function-contains? @fn "commitOffsets\\\\(")) @hint' });
    it('looks at the code of the innermost enclosing function, without comments, strings kept', async () => {
      assert.equal(await fires(r, 'async function run() { consume(); }', 'typescript'), true);
      assert.equal(await fires(r, 'async function run() { consume(); await commitOffsets(x); }', 'typescript'), false);
      assert.equal(await fires(r, 'async function run() { consume(); // commitOffsets(x)\n}', 'typescript'), true, 'a comment does not count');
      assert.equal(await fires(r, 'async function run() { consume(); log("commitOffsets(x)"); }', 'typescript'), false, 'string contents count');
      assert.equal(await fires(r, 'function other() { commitOffsets(x); }\nfunction run() { consume(); }', 'typescript'), true, 'another function does not count');
    });
    it('at file level, the whole file', async () => {
      assert.equal(await fires(r, 'consume();\ncommitOffsets(x);', 'typescript'), false);
    });
  });

  describe('#file-contains? #not-file-contains?', () => {
    const r = rule({ typescript: '(call_expression function: (member_expression property: (property_identifier) @p (#eq? @p "run")) (#file-contains? @p "from \'kafkajs\'")) @hint' });
    const not = rule({ typescript: '(call_expression function: (member_expression property: (property_identifier) @p (#eq? @p "run")) (#not-file-contains? @p "from \'kafkajs\'")) @hint' });
    it('looks at the whole file without comments', async () => {
      assert.equal(await fires(r, "import { Kafka } from 'kafkajs';\nconsumer.run({});", 'typescript'), true);
      assert.equal(await fires(r, "// import { Kafka } from 'kafkajs';\nconsumer.run({});", 'typescript'), false);
      assert.equal(await fires(not, "import { Kafka } from 'kafkajs';\nconsumer.run({});", 'typescript'), false);
      assert.equal(await fires(not, 'consumer.run({});', 'typescript'), true);
    });
  });

  describe('comments and strings are never code', () => {
    const r = rule({ typescript: '(call_expression function: (identifier) @fn (#eq? @fn "fetch")) @hint', python: '(call function: (identifier) @fn (#eq? @fn "fetch")) @hint' });
    it('no match in a comment, a commented-out line, a string or a template', async () => {
      for (const code of ['// fetch(url);', '/* fetch(url) */', 'const s = "fetch(url)";', 'const t = `fetch(url)`;', '/**\n * fetch(url)\n */']) {
        assert.equal(await fires(r, code, 'typescript'), false, code);
      }
      assert.equal(await fires(r, '# fetch(url)\ns = "fetch(url)"\nd = """\nfetch(url)\n"""', 'python'), false);
      assert.deepEqual(await linesOf(r, '// fetch(a)\nfetch(b);', 'typescript'), [1], 'the real match below a commented one');
    });
    it('a predicate outside its pattern\'s parentheses is refused with a clear message, not run wrongly', () => {
    assert.match(analyseQuery('(identifier) @hint (#eq? @hint "x")').problems[0].message, /inside the parentheses of its pattern/);
    assert.deepEqual(analyseQuery('((identifier) @hint (#eq? @hint "x"))').problems, []);
  });
  it('a match whose @hint is a string (or inside one) is dropped', async () => {
      const s = rule({ typescript: '(string) @hint' });
      assert.equal(await fires(s, 'const s = "x";', 'typescript'), false);
    });
  });
});

describe('hint engine: SQL', function () {
  this.timeout(60_000);
  it('splits statements, drops comments, blanks strings and folds whitespace', () => {
    const st = sqlStatements("SELECT a, -- note ; here\n  'x;y' /* c /* nested */ */ FROM t;\nINSERT INTO u VALUES ($$a;b$$, E'it\\'s');");
    assert.deepEqual(st.map((s) => s.text), ["SELECT a, '' FROM t", "INSERT INTO u VALUES ('', E'')"]);
    assert.equal(st[1].start, "SELECT a, -- note ; here\n  'x;y' /* c /* nested */ */ FROM t;\n".length);
  });
  it('runs a rule case-insensitively on .sql statements, never on comments or strings', async () => {
    const star = rule({}, { sql: 'SELECT \\*' });
    assert.deepEqual(await linesOf(star, 'select id from a;\n-- SELECT * FROM b;\nSELECT\n  *\nFROM c;', 'sql'), [2]);
    assert.deepEqual(await linesOf(star, "SELECT 'SELECT *' FROM a;", 'sql'), []);
    assert.deepEqual(await linesOf(star, '/* SELECT * */ SELECT id FROM a', 'sql'), []);
  });
  it('runs on SQL-looking string literals in every language, at the string', async () => {
    const star = rule({ typescript: '(identifier) @hint (#eq? @hint "neverHere")' }, { sql: 'SELECT \\*' });
    const e = engineOf(star);
    const lines = async (code: string, lang: string) => (await e.scanText(code, lang)).map((h) => h.line);
    assert.deepEqual(await lines('const q = `\n  SELECT *\n  FROM orders`;', 'typescript'), [0]);
    assert.deepEqual(await lines('q = """\nSELECT * FROM t\n"""\nr = "select id from t"', 'python'), [0]);
    assert.deepEqual(await lines('package m\nvar q = `SELECT * FROM t`', 'go'), [1]);
    assert.deepEqual(await lines('class A { String q = """\n  SELECT * FROM t\n  """; }', 'java'), [0]);
    assert.deepEqual(await lines('class A { string q = @"SELECT * FROM t"; }', 'csharp'), [0]);
    assert.deepEqual(await lines('const msg = "please SELECT * items";', 'typescript'), [], 'not SQL: does not start with a keyword');
    assert.deepEqual(await lines('// const q = "SELECT * FROM t";', 'typescript'), [], 'a comment is not a string');
  });
  it('knows what looks like SQL', () => {
    assert.ok(looksLikeSql('  \n  with x as (select 1) select * from x'));
    assert.ok(!looksLikeSql('selection of items'));
  });
});

describe('hint engine: grouping, tiers, caps', () => {
  const h = (over: Partial<Hint>): Hint => ({ ruleId: 'r', noteId: 'n', section: 's', tier: 'concept', label: 'l', line: 0, column: 0, endLine: 0, endColumn: 1, start: 0, end: 1, scope: -1, ...over });
  it('a concept hint shows once per rule per function', () => {
    const raw = [h({ line: 1, start: 10, scope: 5 }), h({ line: 3, start: 30, scope: 5 }), h({ line: 9, start: 90, scope: 80 })];
    assert.deepEqual(presentHints(raw, { show: 'all', maxPerFile: 10 }).map((x) => x.line), [1, 9]);
  });
  it('risks are never folded per function', () => {
    const raw = [h({ tier: 'risk', line: 1, start: 10, scope: 5 }), h({ tier: 'risk', line: 3, start: 30, scope: 5 })];
    assert.deepEqual(presentHints(raw, { show: 'all', maxPerFile: 10 }).map((x) => x.line), [1, 3]);
  });
  it('a risk hides a concept of the same note on the same line, not of another note', () => {
    const raw = [h({ ruleId: 'c', line: 2, start: 20 }), h({ ruleId: 'r', tier: 'risk', line: 2, start: 22 }), h({ ruleId: 'o', noteId: 'other', line: 2, start: 21 })];
    assert.deepEqual(presentHints(raw, { show: 'all', maxPerFile: 10 }).map((x) => x.ruleId), ['o', 'r']);
  });
  it('a concept hidden by a risk still uses up its function: no second lens for it further down', () => {
    const raw = [h({ ruleId: 'c', line: 2, start: 20, scope: 5 }), h({ ruleId: 'r', tier: 'risk', line: 2, start: 21, scope: 5 }), h({ ruleId: 'c', line: 4, start: 40, scope: 5 })];
    assert.deepEqual(presentHints(raw, { show: 'all', maxPerFile: 10 }).map((x) => `${x.ruleId}:${x.line}`), ['r:2']);
  });
  it('show: risks drops concepts; the cap keeps risks first, in document order', () => {
    const raw = [h({ ruleId: 'c1', line: 0, start: 0 }), h({ ruleId: 'r1', tier: 'risk', line: 5, start: 50 }), h({ ruleId: 'c2', line: 6, start: 60, scope: 55 }), h({ ruleId: 'r2', tier: 'risk', line: 7, start: 70 })];
    assert.deepEqual(presentHints(raw, { show: 'risks', maxPerFile: 10 }).map((x) => x.ruleId), ['r1', 'r2']);
    assert.deepEqual(presentHints(raw, { show: 'all', maxPerFile: 3 }).map((x) => x.ruleId), ['c1', 'r1', 'r2']);
    assert.deepEqual(presentHints(raw, { show: 'all', maxPerFile: 0 }), []);
  });
});

describe('hint engine: deadline', function () {
  this.timeout(60_000);
  it('a scan past its deadline stops with ScanStopped (deadline 0)', async () => {
    const e = engineOf(rule({ typescript: '(identifier) @hint' }));
    await assert.rejects(e.scanText('const a = 1;', 'typescript', Deadline.after(0)), ScanStopped);
  });
  it('an injected clock that passes the deadline mid-scan stops it, deterministically', async () => {
    const e = engineOf(rule({ typescript: '(identifier) @hint' }));
    let ticks = 0;
    // The clock moves one unit per look; the deadline is 5 looks away.
    const clock = () => ticks++;
    const code = Array.from({ length: 2_000 }, (_, i) => `const v${i} = f${i}(x${i});`).join('\n');
    await assert.rejects(e.scanText(code, 'typescript', Deadline.after(5, clock)), ScanStopped);
    assert.ok(ticks >= 5);
    // The same scan with no deadline finishes with every match.
    assert.equal((await e.scanText(code, 'typescript')).length, 6_000);
  });
});

describe('re2Test: the literal fast path gives RE2\'s answer', () => {
  it('on random literal alternations, folded or not, over text with case and folding traps', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9 ._(:-]{1,6}$/);
    const branch = fc.tuple(word, fc.boolean()).map(([w, fold]) => {
      const esc = w.replace(/[.()]/g, (c) => '\\' + c);
      return fold ? `(?i:${esc})` : esc;
    });
    const pattern = fc.array(branch, { minLength: 1, maxLength: 3 }).map((b) => b.join('|'));
    const text = fc.array(fc.constantFrom('a', 'B', 'k', 'K', 's', 'S', '\u212A', '\u017F', '\u0130', 'i', ' ', '.', '(', 'x1', 'Save', 'saVE', 'into'), { maxLength: 30 }).map((a) => a.join(''));
    fc.assert(
      fc.property(pattern, text, fc.boolean(), (p, t, ci) => {
        setLiteralFastPath(false);
        const slow = re2Test(p, t, ci);
        setLiteralFastPath(true);
        assert.equal(re2Test(p, t, ci), slow, `${p} on ${JSON.stringify(t)} (ci ${ci})`);
      }),
      { numRuns: 3000 },
    );
    setLiteralFastPath(true);
  });
});

describe('languageIdOfPath', () => {
  it('maps extensions to the grammar the contract names', () => {
    assert.equal(languageIdOfPath('a/b.mts'), 'typescript');
    assert.equal(languageIdOfPath('a/b.cjs'), 'javascript');
    assert.equal(languageIdOfPath('X.CS'), 'csharp');
    assert.equal(languageIdOfPath('Makefile'), undefined);
  });
});
