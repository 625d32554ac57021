import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeKnowledgeBase } from '../../scripts/writeKnowledgeBase';
import { KB_VERSION } from '../../src/core/knowledgeBase';
import { loadNoteSet } from '../../src/core/noteSet';
import { NoteStore } from '../../src/features/noteStore';
import { FIXTURES, readNoteFiles, readTopics } from './helpers';

// NoteStore reads files only (no vscode import), so its error reporting is tested here in Node.
describe('NoteStore load errors', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'notestore-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a missing knowledge base once, naming the file, and shows no notes', () => {
    const heard: string[] = [];
    const store = new NoteStore(dir, (m) => heard.push(m));
    assert.deepEqual(store.notes, []);
    assert.deepEqual(store.topics, []);
    assert.equal(heard.length, 1, heard.join('\n'));
    assert.match(heard[0], /Could not load the bundled notes from .*meta\.json: ENOENT/);
    assert.equal(store.loadError, heard[0]);
  });

  it('reports a damaged file and a wrong version as what they are', () => {
    const heard: string[] = [];
    writeFileSync(join(dir, 'meta.json'), '{"version": 1, "topics": [');
    assert.deepEqual(new NoteStore(dir, (m) => heard.push(m)).notes, []);
    const other = mkdtempSync(join(tmpdir(), 'notestore-'));
    try {
      writeFileSync(join(other, 'meta.json'), JSON.stringify({ version: -7, topics: [], notes: [], hints: [] }));
      assert.deepEqual(new NoteStore(other, (m) => heard.push(m)).notes, []);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
    assert.equal(heard.length, 2, heard.join('\n'));
    assert.match(heard[0], /meta\.json: .*JSON/);
    assert.match(heard[1], /knowledge base version -7, expected/);
  });

  it('reports a search index that cannot be loaded, and a note whose article is missing', () => {
    const heard: string[] = [];
    // A minimal valid meta.json with one note, and nothing else.
    const note = { id: 'a-note', title: 'A', topic: 'T', summary: '', tags: [], sections: [] };
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ version: KB_VERSION, topics: ['T'], notes: [note], hints: [] }));
    mkdirSync(join(dir, 'notes'));
    const store = new NoteStore(dir, (m) => heard.push(m));
    assert.equal(store.notes.length, 1);
    assert.deepEqual(store.search('anything'), []);
    assert.equal(store.article('a-note'), undefined);
    assert.equal(store.article('a-note'), undefined);
    assert.equal(heard.length, 2, heard.join('\n'));
    assert.match(heard[0], /Could not load the search index: .*ENOENT/);
    assert.match(heard[1], /Could not load the note "a-note" from .*a-note\.html: ENOENT/);
  });
});

/** NoteStore reads the built knowledge base; it touches no editor API, so it is tested here. */
describe('NoteStore', () => {
  let dir: string;
  let n = 0;
  const notes = join(FIXTURES, 'notes');
  const set = loadNoteSet(readNoteFiles(notes), readTopics(notes));
  /** A fresh knowledge base, its search.json changed by `damage`. */
  const kb = (damage?: (file: string) => void) => {
    const out = join(dir, `kb-${n++}`);
    writeKnowledgeBase(out, set.notes, readTopics(notes));
    damage?.(join(out, 'search.json'));
    return out;
  };
  const edit = (change: (j: Record<string, unknown>) => void) => (file: string) => {
    const j = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    change(j);
    writeFileSync(file, JSON.stringify(j));
  };

  before(() => (dir = mkdtempSync(join(tmpdir(), 'note-store-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('search', () => {
    it('finds notes with their heading and an excerpt, after preparing or not', () => {
      const store = new NoteStore(kb());
      const [hit] = store.search('thundering herd');
      assert.equal(hit.note.id, 'retries-in-practice');
      assert.equal(hit.heading, 'Backoff and jitter');
      assert.ok(hit.excerpt.length > 0);
      const prepared = new NoteStore(kb());
      prepared.prepareSearch();
      assert.deepEqual(prepared.search('thundering herd'), store.search('thundering herd'));
      assert.equal(store.searchError, undefined);
    });

    const damaged: [string, (file: string) => void, RegExp][] = [
      ['sections: null', edit((j) => (j.sections = null)), /sections: expected an object of note ids, found null/],
      ['index: null', edit((j) => (j.index = null)), /index: expected an object, found null/],
      ['texts: null in an old file', edit((j) => { delete j.sections; j.texts = null; }), /sections: expected an object of note ids/],
      ['a file of an older build', edit((j) => (j.version = 2)), /not a search index of this version/],
      ['a truncated file', (f) => writeFileSync(f, readFileSync(f, 'utf8').slice(0, 500)), /not JSON/],
      ['no file', (f) => unlinkSync(f), /ENOENT/],
    ];
    for (const [name, damage, reason] of damaged) {
      it(`finds nothing and says what is wrong and where with ${name}`, () => {
        const dirOf = kb(damage);
        const store = new NoteStore(dirOf);
        assert.doesNotThrow(() => store.prepareSearch());
        assert.deepEqual(store.search('jitter'), []);
        assert.ok(store.searchError?.includes(join(dirOf, 'search.json')), store.searchError);
        assert.match(store.searchError!, reason);
        // The tree still loads: a damaged index does not hide the notes.
        assert.equal(store.notes.length, set.notes.length);
      });
    }

    it('says so when the index names notes the metadata lacks', () => {
      const dirOf = kb();
      const meta = join(dirOf, 'meta.json');
      const j = JSON.parse(readFileSync(meta, 'utf8')) as { notes: { id: string }[] };
      j.notes = j.notes.filter((x) => x.id !== 'retries-in-practice');
      writeFileSync(meta, JSON.stringify(j));
      const store = new NoteStore(dirOf);
      assert.deepEqual(store.search('jitter'), []);
      assert.match(store.searchError ?? '', /names notes the metadata does not have: retries-in-practice/);
    });
  });
});

/** Search over the library: the bundled index kept equal to what the tree shows, one note at a time. */
describe('NoteStore search with workspace notes', () => {
  let dir: string;
  const notes = join(FIXTURES, 'notes');
  const bundled = loadNoteSet(readNoteFiles(notes), readTopics(notes));
  const workspaceSet = loadNoteSet(readNoteFiles(join(FIXTURES, 'workspace-notes')).filter((f) => !f.file.endsWith('bad-yaml.md')), ['Start here', 'Reliability', 'Our platform']);
  const source = (list: typeof workspaceSet.notes) => ({ notes: list, article: () => '<p>body</p>' });
  const options = { includeBundled: true, disabledRules: new Set<string>(), runWorkspaceRules: true };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'notestore-ws-'));
    writeKnowledgeBase(dir, bundled.notes, readTopics(notes));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const ids = (store: NoteStore, q: string) => store.search(q).map((r) => `${r.noteId}:${r.note.origin}`);

  it('finds a workspace note, and the workspace version of a note it replaces', () => {
    const store = new NoteStore(dir);
    assert.ok(ids(store, 'jitter').includes('retries-in-practice:bundled'));
    store.update(source(workspaceSet.notes), options);
    assert.equal(ids(store, 'ledger slows')[0], 'team-runbook:workspace');
    assert.ok(ids(store, 'platform retry budget').includes('retries-in-practice:workspace'));
    // The bundled text of the replaced note is no longer searchable.
    assert.ok(!ids(store, 'jitter').some((x) => x.startsWith('retries-in-practice')), ids(store, 'jitter').join(', '));
  });

  it('brings the bundled note back when its replacement goes, and drops a deleted note', () => {
    const store = new NoteStore(dir);
    store.update(source(workspaceSet.notes), options);
    assert.equal(ids(store, 'ledger slows')[0], 'team-runbook:workspace');
    store.update(source([]), options);
    assert.ok(!ids(store, 'ledger slows').some((x) => x.endsWith(':workspace')), ids(store, 'ledger slows').join(', '));
    assert.ok(ids(store, 'jitter').includes('retries-in-practice:bundled'));
  });

  it('leaves bundled notes out of the search when they are turned off', () => {
    const store = new NoteStore(dir);
    store.update(source(workspaceSet.notes), { ...options, includeBundled: false });
    assert.ok(ids(store, 'deadline').every((x) => x.endsWith(':workspace')), ids(store, 'deadline').join(', '));
    store.update(source(workspaceSet.notes), options);
    assert.ok(ids(store, 'deadline').includes('timeouts-first:bundled'));
  });
});
