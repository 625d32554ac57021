import assert from 'node:assert/strict';
import { join } from 'node:path';
import { sectionDocs } from '../../src/core/knowledgeBase';
import { NoteIndex, normaliseTerm, type SectionDoc } from '../../src/core/noteIndex';
import { loadNoteSet } from '../../src/core/noteSet';
import { FIXTURES, readNoteFiles, readTopics } from './helpers';

function doc(noteId: string, anchor: string, fields: Partial<SectionDoc>): SectionDoc {
  return { id: `${noteId}#${anchor}`, noteId, anchor, title: '', heading: '', summary: '', tags: '', text: '', ...fields };
}

describe('NoteIndex', () => {
  const set = loadNoteSet(readNoteFiles(join(FIXTURES, 'notes')), readTopics(join(FIXTURES, 'notes')));
  const index = NoteIndex.build(set.notes.flatMap(sectionDocs));

  describe('query', () => {
    it('ranks a title hit above a body hit', () => {
      const idx = NoteIndex.build([
        doc('body-mention', '', { title: 'Consumer Groups', text: 'a long text that mentions outbox once among many other words about consumers' }),
        doc('title-hit', '', { title: 'The Outbox Pattern', text: 'write the event in the same transaction' }),
      ]);
      assert.deepEqual(idx.query('outbox').map((h) => h.noteId), ['title-hit', 'body-mention']);
    });

    it('finds by prefix while typing', () => {
      assert.equal(index.query('jit')[0]?.noteId, 'retries-in-practice');
      assert.equal(index.query('dead')[0]?.noteId, 'timeouts-first');
    });

    it('still finds a note with a one-letter typo', () => {
      assert.equal(index.query('jittr')[0]?.noteId, 'retries-in-practice');
      assert.equal(index.query('idempotncy')[0]?.noteId, 'timeouts-first');
    });

    it('lands on the section that answers the query', () => {
      const [hit] = index.query('thundering herd');
      assert.equal(hit.noteId, 'retries-in-practice');
      assert.equal(hit.anchor, 'backoff-and-jitter');
    });

    it('folds plurals so "retries" finds "retry" and back', () => {
      assert.equal(normaliseTerm('retries'), 'retry');
      assert.equal(normaliseTerm('timeouts'), 'timeout');
      assert.equal(normaliseTerm('process'), 'process');
      assert.equal(index.query('budgets')[0]?.anchor, 'retries-need-a-budget');
    });

    it('returns one hit per note', () => {
      const ids = index.query('retry').map((h) => h.noteId);
      assert.equal(new Set(ids).size, ids.length);
    });

    it('falls back to any word when no note has all of them', () => {
      const hits = index.query('jitter zanzibar');
      assert.equal(hits[0]?.noteId, 'retries-in-practice');
    });

    it('returns nothing for empty or stop-word-only queries', () => {
      assert.deepEqual(index.query('   '), []);
      assert.deepEqual(index.query('the of'), []);
    });
  });

  describe('load', () => {
    it('answers the same after a JSON round trip', () => {
      const loaded = NoteIndex.load(JSON.stringify(index.toJSON()));
      const again = NoteIndex.fromObject(JSON.parse(JSON.stringify(index.toJSON())));
      for (const q of ['jitter', 'deadline', 'idempotncy', 'budget']) {
        assert.deepEqual(loaded.query(q), index.query(q));
        assert.deepEqual(again.query(q), index.query(q));
      }
    });
  });

  describe('replaceSections', () => {
    it('replaces one note without touching the others', () => {
      const idx = NoteIndex.build(set.notes.flatMap(sectionDocs));
      const old = sectionDocs(set.notes.find((n) => n.id === 'timeouts-first')!);
      idx.replaceSections(old.map((d) => d.id), [doc('timeouts-first', '', { title: 'Timeouts First', text: 'sockets and keepalive' })]);
      assert.equal(idx.query('keepalive')[0]?.noteId, 'timeouts-first');
      assert.equal(idx.query('deadline').length, 0);
      assert.equal(idx.query('jitter')[0]?.noteId, 'retries-in-practice');
    });
  });
});
