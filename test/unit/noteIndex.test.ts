import assert from 'node:assert/strict';
import { join } from 'node:path';
import { sectionDocs } from '../../src/core/knowledgeBase';
import { NoteIndex, normaliseTerm, tokenize, type SectionDoc } from '../../src/core/noteIndex';
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
  describe('save, load and update', () => {
    const queries = ['jitter', 'deadline', 'idempotncy', 'budget', 'retry budget', 'ti', 'keepalive sockets', 'outbox zanzibar'];
    const answers = (idx: NoteIndex) => queries.map((q) => idx.query(q));

    it('a loaded index that is then updated answers as the built one updated the same way', () => {
      const built = NoteIndex.build(set.notes.flatMap(sectionDocs));
      const loaded = NoteIndex.load(JSON.stringify(built.toJSON()));
      // Read a few terms first, so the update meets both decoded and still-packed postings.
      loaded.query('retry jitter');
      const old = sectionDocs(set.notes.find((n) => n.id === 'timeouts-first')!);
      const changed = old.map((d, i) => (i === 1 ? { ...d, text: `${d.text} keepalive sockets newword` } : d));
      built.replaceSections(old.map((d) => d.id), changed);
      loaded.replaceSections(old.map((d) => d.id), changed);
      assert.deepEqual(answers(loaded), answers(built));
      assert.equal(loaded.query('newword')[0]?.noteId, 'timeouts-first');
      assert.equal(loaded.documentCount, built.documentCount);
      // Saving drops the dead entries (so document frequencies, and scores, become exact again)
      // and keeps what is found and where it lands.
      const again = NoteIndex.load(JSON.stringify(loaded.toJSON()));
      const places = (idx: NoteIndex) => answers(idx).map((hits) => hits.map((h) => `${h.noteId}#${h.anchor}`).sort());
      assert.deepEqual(places(again), places(built));
      assert.ok(JSON.stringify(again.toJSON()).length <= JSON.stringify(loaded.toJSON()).length);
    });

    it('new words from many updates stay findable by prefix and by typo', () => {
      const idx = NoteIndex.load(JSON.stringify(index.toJSON()));
      // Enough new words (8 per note) to push the list of recent terms through a merge (16,384).
      for (let i = 0; i < 2100; i++) {
        const extra = Array.from({ length: 7 }, (_, k) => `xk${i.toString(36)}n${k}`).join(' ');
        idx.replaceSections([], [doc(`gen-${i}`, '', { title: `Generated ${i}`, text: `zq${i.toString(36)}word ${extra}` })]);
      }
      assert.equal((idx as unknown as { recent: unknown[] }).recent.length < 16_384 - 8 * 1000, true, 'the recent terms were merged');
      assert.equal(idx.query('xk1mbn6')[0]?.noteId, `gen-${parseInt('1mb', 36)}`);
      const word = `zq${(392).toString(36)}word`; // zqawword, the words of gen-392
      assert.ok(idx.query('zq1').length > 0);
      assert.equal(idx.query(word)[0]?.noteId, 'gen-392');
      assert.equal(idx.query(word.slice(0, 5))[0]?.noteId, 'gen-392', 'a prefix finds it');
      assert.ok(
        idx.query('zqawwodr').some((h) => h.noteId === 'gen-392'),
        'a transposition is two edits, allowed from 8 letters',
      );
      assert.equal(idx.query('jitter')[0]?.noteId, 'retries-in-practice');
    });

    it('keeps scores positive and rankings stable when one note is saved again and again', () => {
      const idx = NoteIndex.build([doc('a', '', { title: 'Outbox pattern', text: 'write the event with the row' }), doc('b', '', { title: 'Consumers', text: 'the outbox table is polled' })]);
      const before = idx.query('outbox').map((h) => h.noteId);
      for (let i = 0; i < 5; i++) idx.replaceSections(['a#'], [doc('a', '', { title: 'Outbox pattern', text: 'write the event with the row' })]);
      const after = idx.query('outbox');
      assert.deepEqual(after.map((h) => h.noteId), before);
      assert.ok(after.every((h) => h.score > 0), JSON.stringify(after));
      // And on the fixture notes: saving one note unchanged three times changes nothing found.
      const fixture = NoteIndex.build(set.notes.flatMap(sectionDocs));
      const note = sectionDocs(set.notes.find((n) => n.id === 'retries-in-practice')!);
      const expected = answers(fixture);
      for (let i = 0; i < 3; i++) fixture.replaceSections(note.map((d) => d.id), note);
      assert.deepEqual(answers(fixture).map((hits) => hits.map((h) => h.noteId)), expected.map((hits) => hits.map((h) => h.noteId)));
    });

    it('answers a query with a very long word without running out of stack', () => {
      const long = 'q'.repeat(20_000);
      const idx = NoteIndex.build([doc('long', '', { title: 'Long', text: long })]);
      assert.equal(idx.query(long)[0]?.noteId, 'long');
      assert.equal(idx.query(`${long} ${'w'.repeat(20_000)}`)[0]?.noteId, 'long');
    });

    it('names the matching form of a prefix even when hundreds of others sort before it', () => {
      const filler = Array.from({ length: 300 }, (_, i) => `coa${i}`).join(' ');
      const idx = NoteIndex.build([doc('filler', '', { title: 'Filler', text: filler }), doc('target', '', { title: 'Target', text: 'a cozy corner' })]);
      const target = idx.query('co').find((h) => h.noteId === 'target');
      assert.ok(target && target.terms.length === 1 && ['cozy', 'corner'].includes(target.terms[0]), JSON.stringify(target));
    });

    it('refuses a damaged saved index with a clear error, never wrong hits', () => {
      const good = JSON.parse(JSON.stringify(index.toJSON())) as Record<string, unknown[]>;
      const damaged = (change: (j: Record<string, unknown[]>) => void) => {
        const j = structuredClone(good);
        change(j);
        return j;
      };
      const cases: Record<string, Record<string, unknown[]>> = {
        'postings of a term missing': damaged((j) => (j.postings[0] = null as unknown as unknown[])),
        'a field that is a string': damaged((j) => ((j.postings[0] as unknown[])[4] = 'x')),
        'odd-length packed list': damaged((j) => ((j.postings[0] as unknown[][]).find((f) => Array.isArray(f))!.push(1))),
        'terms out of order': damaged((j) => j.terms.reverse()),
        'a section of no note': damaged((j) => (j.sectionNote[0] = 999)),
        'anchors missing': damaged((j) => j.sectionAnchor.pop()),
      };
      // Damaged postings are found when first decoded (checking every list at load cost the first
      // search 2 ms); the rest when loading. Either way: an Error that says so, never wrong hits.
      const firstTerm = good.terms[0] as string;
      for (const [name, data] of Object.entries(cases)) assert.throws(() => NoteIndex.fromObject(data).query(firstTerm), /search index/, name);
    });

    it('refuses a saved index of another format with a clear message', () => {
      assert.throws(() => NoteIndex.fromObject({ documentCount: 3, index: [] }), /not a search index of this version/);
      assert.throws(() => NoteIndex.load('null'), /not a search index of this version/);
    });
  });

  describe('fuzzy lookup', () => {
    function levenshtein(a: string, b: string): number {
      let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
      for (let i = 1; i <= a.length; i++) {
        const row = [i];
        for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = row;
      }
      return prev[b.length];
    }

    it('finds exactly the terms a brute-force edit distance finds', () => {
      const vocabulary = [...new Set(set.notes.flatMap((n) => tokenize(sectionDocs(n).map((d) => `${d.title} ${d.heading} ${d.text}`).join(' '))))];
      for (const word of ['retry', 'jittr', 'idempotncy', 'deadlin', 'budgte', 'xyzzy', 'a', 'timeoutz']) {
        for (const max of [1, 2]) {
          const expected = new Map(vocabulary.map((t) => [t, levenshtein(word, t)] as const).filter(([, d]) => d <= max));
          assert.deepEqual(new Map([...index.termsNear(word, max)].sort()), new Map([...expected].sort()), `${word} within ${max}`);
        }
      }
    });
  });
});
