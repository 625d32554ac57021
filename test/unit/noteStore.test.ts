import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeKnowledgeBase } from '../../scripts/writeKnowledgeBase';
import { loadNoteSet } from '../../src/core/noteSet';
import { NoteStore } from '../../src/features/noteStore';
import { FIXTURES, readNoteFiles, readTopics } from './helpers';

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
