import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KB_VERSION } from '../../src/core/knowledgeBase';
import { NoteStore } from '../../src/features/noteStore';

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
