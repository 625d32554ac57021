import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers';

/** `engineering-notes scan` end to end (from source, rules from the fixture notes). */
describe('engineering-notes scan', function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'en-scan-'));
  mkdirSync(join(dir, 'src', 'node_modules'), { recursive: true });
  writeFileSync(join(dir, 'src', 'a.ts'), 'async function load() {\n  const r = await fetch(url);\n  // fetch(commented)\n  return fetch(u, { signal });\n}\n');
  writeFileSync(join(dir, 'src', 'q.sql'), '-- SELECT * FROM x;\nSELECT\n  * FROM orders;\n');
  writeFileSync(join(dir, 'src', 'node_modules', 'skip.ts'), 'fetch(u);\n');
  writeFileSync(join(dir, 'src', 'notes.txt'), 'fetch(u)\n');
  const scan = (...args: string[]) => spawnSync(process.execPath, ['scripts/scan.mjs', '--notes', 'test/fixtures/hint-notes', ...args], { cwd: ROOT, encoding: 'utf8' });

  it('prints what the editor would show, as JSON with 1-based positions, walking folders by extension', () => {
    const r = scan('--format', 'json', join(dir, 'src'));
    assert.equal(r.status, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as { file: string; line: number; column: number; endLine: number; endColumn: number; ruleId: string; tier: string; noteId: string; section: string; label: string }[];
    const brief = rows.map((x) => `${x.file.slice(dir.length + 1)}:${x.line}:${x.column} ${x.ruleId}`);
    // The risk hides the concept of the same note on line 2; line 4 has a signal; comments never count.
    assert.deepEqual(brief, ['src/a.ts:2:19 fx-fetch-no-timeout', 'src/q.sql:2:1 fx-select-star']);
    assert.deepEqual(Object.keys(rows[0]).sort(), ['column', 'endColumn', 'endLine', 'file', 'label', 'line', 'noteId', 'ruleId', 'section', 'tier']);
    assert.equal(rows[0].endColumn, 19 + 'fetch(url)'.length);
  });

  it('--raw lists every match, --risks only risks', () => {
    const raw = scan('--raw', join(dir, 'src', 'a.ts'));
    assert.equal(raw.status, 0, raw.stderr);
    assert.deepEqual(raw.stdout.trim().split('\n').map((l) => l.split(': ')[1]), ['risk fx-fetch-no-timeout', 'concept fx-remote-call-concept', 'concept fx-remote-call-concept']);
    const risks = scan('--raw', '--risks', join(dir, 'src', 'a.ts'));
    assert.deepEqual(risks.stdout.trim().split('\n').map((l) => l.split(': ')[1]), ['risk fx-fetch-no-timeout']);
  });

  it('says what is wrong with its arguments or a path, and exits non-zero', () => {
    const bad = scan('--format', 'xml', dir);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--format must be json or text/);
    const missing = scan(join(dir, 'nope'));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /nope: ENOENT/);
  });
});
