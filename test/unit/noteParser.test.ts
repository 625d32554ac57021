import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeNoteBytes, parseNote } from '../../src/core/noteParser';
import { FIXTURES, fixture } from './helpers';

function problemsOf(file: string, text: string, id?: string) {
  const r = parseNote(file, text, id);
  assert.equal(r.ok, false, `expected problems for ${file}`);
  return r.ok ? [] : r.problems;
}

describe('parseNote', () => {
  it('parses a valid note with its fields, sections, links and hints', () => {
    const r = parseNote('notes/retries-in-practice.md', fixture('notes', 'retries-in-practice.md'), 'retries-in-practice');
    assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.problems));
    const n = r.note;
    assert.equal(n.id, 'retries-in-practice');
    assert.equal(n.topic, 'Reliability');
    assert.deepEqual(n.tags, ['backoff', 'jitter', 'retry budget']);
    assert.deepEqual(
      n.sections.map((s) => s.anchor),
      ['', 'retries-need-a-budget', 'backoff-and-jitter', 'checklist'],
    );
    assert.equal(n.sections[1].line, 45, 'section line is the heading line in the file');
    assert.deepEqual(n.links.map((l) => `${l.noteId}#${l.anchor}`), ['timeouts-first#every-call-has-a-deadline']);
    assert.deepEqual(n.hints.map((h) => h.id), ['fixture-retry-loop', 'fixture-sleep-python']);
    assert.equal(n.hints[0].line, 10);
    assert.ok(n.wordCount > 80 && n.wordCount < 140, `word count ${n.wordCount}`);
  });

  it('reports malformed YAML with the line of the error', () => {
    const [p] = problemsOf('broken/invalid-yaml.md', fixture('broken-notes', 'invalid-yaml.md'));
    assert.match(p.message, /not valid YAML/);
    assert.ok(p.line >= 3 && p.line <= 5, `line ${p.line}`);
  });

  it('reports every missing required field, each on a line', () => {
    const problems = problemsOf('broken/missing-fields.md', fixture('broken-notes', 'missing-fields.md'));
    const messages = problems.map((p) => p.message);
    for (const f of ['summary', 'topic', 'order']) assert.ok(messages.some((m) => m.includes(`"${f}"`)), `missing ${f}: ${messages.join(' | ')}`);
    assert.ok(problems.every((p) => p.line >= 1));
  });

  it('names an unknown field, its line, and the field it probably meant', () => {
    const [p] = problemsOf('broken/unknown-field.md', fixture('broken-notes', 'unknown-field.md'));
    assert.equal(p.line, 7);
    assert.match(p.message, /unknown field "tgas".*did you mean "tags"/);
  });

  it('refuses ---js front matter without running it', () => {
    const [p] = problemsOf('broken/js-front-matter.md', fixture('broken-notes', 'js-front-matter.md'));
    assert.equal(p.line, 1);
    assert.match(p.message, /front matter language "js" is not allowed/);
    assert.equal(existsSync('/tmp/pwned-by-note'), false, 'the front matter code ran');
  });

  it('refuses JavaScript front matter even when gray-matter is asked directly for that engine', () => {
    const text = '---javascript\nmodule.exports = { id: "x" }\n---\n';
    const [p] = problemsOf('x.md', text);
    assert.match(p.message, /not allowed/);
  });

  it('reports wrong types field by field', () => {
    const messages = problemsOf('broken/wrong-types.md', fixture('broken-notes', 'wrong-types.md')).map((p) => `${p.line}: ${p.message}`);
    assert.ok(messages.some((m) => /^3: field "title" must be a string, not a number/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /^4: field "summary" must be a string, not a list/.test(m)));
    assert.ok(messages.some((m) => /^6: field "order" must be a number/.test(m)));
    assert.ok(messages.some((m) => /^7: field "tags" must be a list/.test(m)));
  });

  it('reports an empty file and a file without front matter', () => {
    assert.match(problemsOf('e.md', '')[0].message, /empty/);
    assert.match(problemsOf('n.md', '# Just a heading\n')[0].message, /must start with YAML front matter/);
    assert.match(problemsOf('u.md', '---\nid: x\n')[0].message, /not closed/);
  });

  it('refuses a note that is only front matter, pointing at the closing fence', () => {
    const [p] = problemsOf('only.md', fixture('broken-notes', 'only-front-matter.md'));
    assert.equal(p.line, 7);
    assert.match(p.message, /no body/);
  });

  it('requires the id to equal the file name', () => {
    const [p] = problemsOf('notes/other.md', fixture('notes', 'timeouts-first.md'), 'other');
    assert.match(p.message, /must equal the file name "other"/);
    assert.equal(p.line, 2);
  });

  it('refuses hint rules of the wrong shape, each problem on its line; legacy regex rules are skipped', () => {
    const messages = problemsOf('broken/bad-patterns.md', fixture('broken-notes', 'bad-patterns.md')).map((p) => `${p.line}: ${p.message}`);
    const has = (re: RegExp) => assert.ok(messages.some((m) => re.test(m)), `${re} not in:\n${messages.join('\n')}`);
    has(/^19: hint "look-around": query.sql: regular expression "SELECT \(\?!id\)" is not valid RE2 syntax/);
    has(/^23: hint "no-examples": tier "sideways" must be one of risk, concept/);
    has(/^25: hint "no-examples": section "missing-section" is not a heading anchor/);
    has(/^27: hint "no-examples": unknown language key "cobol"/);
    has(/^28: hint "no-examples": query.python has no examples.python/);
    has(/^30: hint "no-examples": examples.go has no query.go to test/);
    assert.ok(!messages.some((m) => m.includes('legacy-rule')), 'the legacy rule is skipped, not refused');
  });

  it('skips a legacy regex rule with one warning per note, naming it', () => {
    const r = parseNote('notes/retries.md', fixture('notes', 'retries-in-practice.md').replace('hints:\n', "hints:\n  - id: old-one\n    label: L\n    section: checklist\n    languages: [go]\n    pattern: 'x'\n    examples: { match: ['x'], noMatch: ['y'] }\n"));
    assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.problems));
    assert.deepEqual(r.note.hints.map((h) => h.id), ['fixture-retry-loop', 'fixture-sleep-python']);
    assert.equal(r.note.warnings?.length, 1);
    assert.match(r.note.warnings![0].message, /1 legacy regex rule, not run .*: old-one/);
  });

  it('records the lines of queries and examples for the build\'s later messages', () => {
    const r = parseNote('notes/retries-in-practice.md', fixture('notes', 'retries-in-practice.md'), 'retries-in-practice');
    assert.ok(r.ok);
    const h = r.note.hints[0];
    assert.equal(h.tier, 'concept');
    assert.equal(h.lines.query.typescript, 16, 'the line after "typescript: |"');
    assert.deepEqual(h.lines.examples.typescript, { match: [22], noMatch: [24] });
  });
});

describe('decodeNoteBytes', () => {
  it('refuses non-UTF-8 bytes with the line they are on', () => {
    const r = decodeNoteBytes('non-utf8.md', readFileSync(join(FIXTURES, 'broken-notes', 'non-utf8.md')));
    assert.ok(!r.ok);
    assert.equal(r.problems[0].line, 8);
    assert.match(r.problems[0].message, /not valid UTF-8/);
  });

  it('refuses binary files', () => {
    const r = decodeNoteBytes('binary.md', readFileSync(join(FIXTURES, 'broken-notes', 'binary.md')));
    assert.ok(!r.ok);
    assert.match(r.problems[0].message, /binary/);
  });

  it('refuses a 10 MB note before parsing it', () => {
    const big = new TextEncoder().encode('---\nid: big\n---\n' + 'word '.repeat(2_100_000));
    const r = decodeNoteBytes('big.md', big);
    assert.ok(!r.ok);
    assert.match(r.problems[0].message, /note is 10\.0 MB; the limit is 1 MB/);
  });

  it('strips nothing from valid UTF-8', () => {
    const r = decodeNoteBytes('ok.md', new TextEncoder().encode('é ✓'));
    assert.ok(r.ok);
    assert.equal(r.text, 'é ✓');
  });
});
