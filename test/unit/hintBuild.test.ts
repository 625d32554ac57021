import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { formatProblem } from '../../src/core/note';
import { checkNotesFolder } from '../../scripts/noteChecks';
import { FIXTURES, ROOT } from './helpers';

/**
 * The build's check of hint rules, end to end over fixture notes: the same function the build
 * (scripts/build-notes.ts) and the rule writers' check (scripts/check-rules.ts) run.
 */
describe('build validation of hint rules', function () {
  this.timeout(120_000);

  it('accepts sound rules in the new format and runs every example', async () => {
    const check = await checkNotesFolder(join(FIXTURES, 'hint-notes'));
    assert.deepEqual(check.problems.map(formatProblem), []);
    assert.equal(check.rulesChecked, 3);
    assert.equal(check.examplesRun, 10);
  });

  it('refuses, naming file and line: a query that does not compile, an unknown predicate or capture, a missing @hint, a comment query, failing examples', async () => {
    const check = await checkNotesFolder(join(FIXTURES, 'hint-notes-broken'));
    const lines = check.problems.map(formatProblem);
    const file = 'test/fixtures/hint-notes-broken/broken-rules.md';
    const expect = [
      `${file}:14: hint "bad-node-type": query.typescript (typescript grammar): query does not compile: Bad node name 'call_expresion'`,
      `${file}:25: hint "no-hint-capture": query.python: pattern does not capture @hint (the node the hint marks)`,
      `${file}:37: hint "unknown-predicate": query.go: unknown predicate "#lua-match?"`,
      `${file}:48: hint "unknown-capture": query.java: query does not compile: Bad capture name @args`,
      `${file}:59: hint "matches-comments": query.csharp: query matches a "comment" node`,
      `${file}:74: hint "failing-examples": examples.typescript.match[1] does not match: "fetcher(url);"`,
      `${file}:76: hint "failing-examples": examples.typescript.noMatch[1] matches: "fetch(url);"`,
    ];
    assert.equal(lines.length, expect.length, lines.join('\n'));
    expect.forEach((e, i) => assert.ok(lines[i].startsWith(e), `${lines[i]}\n  should start with\n${e}`));
  });

  it('the bundled notes pass, legacy regex rules each give one warning per note, not an error', async () => {
    const check = await checkNotesFolder(join(ROOT, 'notes'));
    assert.deepEqual(check.problems.map(formatProblem), []);
    for (const w of check.warnings) assert.match(w.message, /legacy regex rules?, not run/);
    assert.equal(new Set(check.warnings.map((w) => w.file)).size, check.warnings.length, 'one warning per note');
  });

  it('scripts/check-rules.mjs says the same and exits 1', () => {
    const r = spawnSync(process.execPath, ['scripts/check-rules.mjs', 'test/fixtures/hint-notes-broken/broken-rules.md'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /broken-rules\.md:25: hint "no-hint-capture": query\.python: pattern does not capture @hint/);
    assert.match(r.stdout, /6 new-format rules checked, 2 examples run, 7 problem\(s\)/);
    const ok = spawnSync(process.execPath, ['scripts/check-rules.mjs', 'test/fixtures/hint-notes/deadlines.md'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
  });
});
