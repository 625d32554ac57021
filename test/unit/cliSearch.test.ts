import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { searchCommand, type SearchResultRow } from '../../src/cli/search';
import { loadNoteSet } from '../../src/core/noteSet';
import { writeKnowledgeBase } from '../../scripts/writeKnowledgeBase';
import { FIXTURES, readNoteFiles, readTopics } from './helpers';

describe('searchCommand', () => {
  let dir: string;
  let kb: string;
  const run = (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = searchCommand(argv, kb, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const rows = (...argv: string[]) => {
    const r = run('--json', ...argv);
    assert.equal(r.code, 0, r.err);
    return (JSON.parse(r.out) as { results: SearchResultRow[] }).results;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-search-'));
    kb = join(dir, 'kb');
    const notes = join(FIXTURES, 'notes');
    writeKnowledgeBase(kb, loadNoteSet(readNoteFiles(notes), readTopics(notes)).notes, readTopics(notes));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the ranked notes and sections the palette shows', () => {
    const r = run('thundering', 'herd');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out.split('\n')[0], /^ 1\. retries-in-practice#backoff-and-jitter {2}Retries in Practice › Backoff and jitter$/);
  });

  it('gives note id, section anchor, title, heading and partial in JSON', () => {
    const [first, ...rest] = rows('jitter', 'zanzibar');
    assert.deepEqual(
      { noteId: first.noteId, title: first.title, partial: first.partial, source: first.source },
      { noteId: 'retries-in-practice', title: 'Retries in Practice', partial: true, source: 'bundled' },
    );
    assert.equal(typeof first.anchor, 'string');
    assert.equal(typeof first.heading, 'string');
    assert.ok(rest.every((x) => x.partial));
  });

  it('lists partial hits and close spellings under their headings in text', () => {
    assert.match(run('jitter', 'deadline').out, /-- Some of the words/);
    const close = run('retyr').out;
    assert.match(close, /^-- Close spellings\n {1}1\. retries-in-practice#\S* {2}Retries in Practice.*\(close spelling of "retyr"\)/);
  });

  it('searches the notes of the folders given beside the bundled ones, and warns about the broken ones', () => {
    const r = run('--notes', join(FIXTURES, 'broken-notes'), 'heartbeats');
    assert.equal(r.code, 0);
    assert.match(r.out, /valid-beside-broken# {2}Valid Beside Broken.*\[.*valid-beside-broken\.md\]/);
    assert.match(r.err, /warning: .*invalid-yaml\.md:\d+: .*\(note left out\)/);
    assert.equal(rows('--notes', join(FIXTURES, 'broken-notes'), 'jitter')[0].noteId, 'retries-in-practice');
  });

  it('lets a folder note with a bundled note\'s id replace it', () => {
    const folder = join(dir, 'team');
    mkdirSync(folder, { recursive: true });
    const original = readFileSync(join(FIXTURES, 'notes', 'timeouts-first.md'), 'utf8');
    writeFileSync(join(folder, 'timeouts-first.md'), original.replace('A call without a timeout', 'Our keepalive policy: a call without a timeout'));
    const [hit] = rows(`--notes=${folder}`, 'keepalive');
    assert.equal(hit.noteId, 'timeouts-first');
    assert.equal(hit.source, join(folder, 'timeouts-first.md'));
    assert.deepEqual(rows('keepalive'), []);
  });

  it('says what is wrong and where when the search index is damaged, and exits 1', () => {
    const damagedKb = join(dir, 'damaged');
    writeKnowledgeBase(damagedKb, loadNoteSet(readNoteFiles(join(FIXTURES, 'notes')), readTopics(join(FIXTURES, 'notes'))).notes, readTopics(join(FIXTURES, 'notes')));
    const file = join(damagedKb, 'search.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), sections: null }));
    const err: string[] = [];
    const code = searchCommand(['jitter'], damagedKb, { out: () => {}, err: (l) => err.push(l) });
    assert.equal(code, 1);
    assert.ok(err.join('\n').includes(`search data ${file}: sections: expected an object of note ids, found null`), err.join('\n'));
  });

  it('refuses bad arguments with the usage, exit 2', () => {
    assert.equal(run().code, 2);
    assert.match(run('--limit', '0', 'x').err, /--limit must be a positive whole number/);
    assert.match(run('--frobnicate', 'x').err, /unknown option --frobnicate\nusage:/);
    assert.match(run('--notes', join(dir, 'missing'), 'x').err, /--notes .*missing: ENOENT/);
  });
});

describe('main', () => {
  it('dispatches to a command and refuses unknown ones', () => {
    const err: string[] = [];
    assert.equal(main(['frobnicate'], { out: () => {}, err: (l) => err.push(l) }), 2);
    assert.match(err.join('\n'), /unknown command "frobnicate"\n\nusage: engineering-notes <command>[^]*\n {2}scan [^]*\n {2}search /);
  });
});
