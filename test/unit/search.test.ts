import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadNoteSet } from '../../src/core/noteSet';
import { noteDocument, normaliseTerm, type NoteDocument } from '../../src/core/search/documents';
import { excerpt } from '../../src/core/search/excerpt';
import { editDistance, planQuery, transpositions } from '../../src/core/search/queryPolicy';
import { hitGroup, SearchDataError, SearchIndex, type SearchHit } from '../../src/core/search/searchIndex';
import { FIXTURES, readNoteFiles, readTopics } from './helpers';

function note(id: string, fields: Partial<Omit<NoteDocument, 'sections'>> & { sections?: [string, string, string][] }): NoteDocument {
  const sections = (fields.sections ?? [['', '', '']]).map(([anchor, heading, text]) => ({ anchor, heading, text }));
  return { id, title: fields.title ?? id, summary: fields.summary ?? '', tags: fields.tags ?? [], sections };
}


describe('SearchIndex', () => {
  const set = loadNoteSet(readNoteFiles(join(FIXTURES, 'notes')), readTopics(join(FIXTURES, 'notes')));
  const index = SearchIndex.create(set.notes.map(noteDocument));

  describe('search', () => {
    it('ranks a title hit above a body hit', () => {
      const idx = SearchIndex.create([
        note('body-mention', { title: 'Consumer Groups', sections: [['', '', 'a long text that mentions outbox once among many other words about consumers']] }),
        note('title-hit', { title: 'The Outbox Pattern', sections: [['', '', 'write the event in the same transaction']] }),
      ]);
      assert.deepEqual(idx.search('outbox').map((h) => h.noteId), ['title-hit', 'body-mention']);
    });

    it('finds by prefix while typing the last word', () => {
      assert.equal(index.search('jit')[0]?.noteId, 'retries-in-practice');
      assert.equal(index.search('dead')[0]?.noteId, 'timeouts-first');
    });

    it('expands a short last word by prefix only in titles, headings, tags and summaries', () => {
      const idx = SearchIndex.create([note('body', { title: 'Body', sections: [['', '', 'zebra crossing']] }), note('head', { title: 'Head', sections: [['z', 'Zebras', 'nothing']] })]);
      assert.deepEqual(idx.search('ze').map((h) => h.noteId), ['head']);
      assert.deepEqual(idx.search('zeb').map((h) => h.noteId), ['head']);
      assert.deepEqual(idx.search('zebr').map((h) => h.noteId).sort(), ['body', 'head']);
    });

    it('does not expand earlier words by prefix', () => {
      const idx = SearchIndex.create([note('a', { title: 'Jitter and retry' })]);
      assert.equal(idx.search('jit retry').some((h) => !h.partial), false);
      assert.equal(idx.search('retry jit')[0]?.partial, false);
    });

    it('still finds a note with a one-letter typo, and says the word was a close spelling', () => {
      const [hit] = index.search('jittr');
      assert.equal(hit?.noteId, 'retries-in-practice');
      assert.deepEqual(hit.approximate, ['jittr']);
      assert.equal(index.search('idempotncy')[0]?.noteId, 'timeouts-first');
    });

    it('finds a transposition of a short word ("retyr" finds retry notes)', () => {
      const [hit] = index.search('retyr');
      assert.equal(hit?.noteId, 'retries-in-practice');
      assert.deepEqual(hit.approximate, ['retyr']);
      assert.ok(hit.terms.includes('retry'), JSON.stringify(hit));
      assert.equal(index.search('jtiter')[0]?.noteId, 'retries-in-practice');
    });

    it('marks every hit of a word no note contains ("oauth") as a close spelling, after the exact ones', () => {
      const idx = SearchIndex.create([note('auth', { title: 'Auth headers' }), note('token', { title: 'Token refresh', sections: [['', '', 'oauth flows']] })]);
      assert.deepEqual(idx.search('oauth').map((h) => [h.noteId, h.approximate]), [['token', []], ['auth', ['oauth']]]);
      const loose = index.search('oauth');
      assert.ok(loose.every((h) => h.approximate.includes('oauth')), JSON.stringify(loose));
    });

    it('lands on the section that answers the query', () => {
      const [hit] = index.search('thundering herd');
      assert.equal(hit.noteId, 'retries-in-practice');
      assert.equal(hit.anchor, 'backoff-and-jitter');
    });

    it('answers the same after its section terms were counted up front', () => {
      const idx = SearchIndex.create(set.notes.map(noteDocument));
      const before = ['thundering herd', 'retyr', 'budget'].map((q) => idx.search(q));
      const prepared = SearchIndex.create(set.notes.map(noteDocument));
      prepared.prepareLanding();
      assert.deepEqual(['thundering herd', 'retyr', 'budget'].map((q) => prepared.search(q)), before);
    });

    it('lands on the first section when only the title, summary or tags match', () => {
      const idx = SearchIndex.create([note('n', { title: 'Quorum reads', sections: [['', '', 'intro'], ['more', 'More', 'text']] })]);
      assert.equal(idx.search('quorum')[0]?.anchor, '');
    });

    it('folds plurals so "retries" finds "retry" and back', () => {
      assert.equal(normaliseTerm('retries'), 'retry');
      assert.equal(normaliseTerm('timeouts'), 'timeout');
      assert.equal(normaliseTerm('process'), 'process');
      assert.equal(index.search('budgets')[0]?.anchor, 'retries-need-a-budget');
    });

    it('returns one hit per note', () => {
      const ids = index.search('retry').map((h) => h.noteId);
      assert.equal(new Set(ids).size, ids.length);
    });

    it('lists notes with some of the words after those with all of them', () => {
      const hits = index.search('jitter deadline');
      assert.ok(hits.length >= 2);
      const firstPartial = hits.findIndex((h) => h.partial);
      assert.ok(firstPartial === -1 || hits.slice(firstPartial).every((h) => h.partial), JSON.stringify(hits));
      const some = index.search('jitter zanzibar');
      assert.equal(some[0]?.noteId, 'retries-in-practice');
      assert.equal(some[0]?.partial, true);
    });

    it('returns nothing for empty or stop-word-only queries, or a limit of 0', () => {
      assert.deepEqual(index.search('   '), []);
      assert.deepEqual(index.search('the of'), []);
      assert.deepEqual(index.search('retry', { limit: 0 }), []);
    });

    it('answers a query with a very long word', () => {
      const long = 'q'.repeat(20_000);
      const idx = SearchIndex.create([note('long', { sections: [['', '', long]] })]);
      assert.equal(idx.search(long)[0]?.noteId, 'long');
    });
  });

  describe('add, replace and discard', () => {
    it('replaces one note without touching the others', () => {
      const idx = SearchIndex.create(set.notes.map(noteDocument));
      idx.replace(note('timeouts-first', { title: 'Timeouts First', sections: [['', '', 'sockets and keepalive']] }));
      assert.equal(idx.search('keepalive')[0]?.noteId, 'timeouts-first');
      assert.equal(idx.search('deadline').length, 0);
      assert.equal(idx.search('jitter')[0]?.noteId, 'retries-in-practice');
      assert.equal(idx.documentCount, 2);
    });

    it('adds a note that was not there through replace, and refuses a second add of the same id', () => {
      const idx = SearchIndex.create();
      idx.replace(note('a', { title: 'Alpha' }));
      assert.equal(idx.search('alpha')[0]?.noteId, 'a');
      assert.throws(() => idx.add(note('a', { title: 'Again' })), /already indexed/);
    });

    it('discards a note so it is no longer found, and says whether there was one', () => {
      const idx = SearchIndex.create(set.notes.map(noteDocument));
      assert.equal(idx.discard('retries-in-practice'), true);
      assert.equal(idx.discard('retries-in-practice'), false);
      assert.equal(idx.search('jitter').length, 0);
      assert.equal(idx.has('retries-in-practice'), false);
      assert.equal(idx.search('deadline')[0]?.noteId, 'timeouts-first');
    });

    it('lands on the new sections of a replaced note', () => {
      const idx = SearchIndex.create([note('n', { sections: [['', '', 'intro'], ['old', 'Old', 'zebra']] })]);
      assert.equal(idx.search('zebra')[0]?.anchor, 'old');
      idx.replace(note('n', { sections: [['', '', 'intro'], ['new', 'New', 'zebra']] }));
      assert.equal(idx.search('zebra')[0]?.anchor, 'new');
    });
  });

  describe('toJSON and load', () => {
    it('answers the same after a JSON round trip, and after updates to the loaded copy', () => {
      const loaded = SearchIndex.loadJSON(JSON.stringify(index), 'test');
      for (const q of ['jitter', 'deadline', 'idempotncy', 'budget', 'retyr', 'jitter zanzibar', 'ti']) assert.deepEqual(loaded.search(q), index.search(q), q);
      loaded.replace(note('timeouts-first', { title: 'Timeouts First', sections: [['', '', 'keepalive']] }));
      assert.equal(loaded.search('keepalive')[0]?.noteId, 'timeouts-first');
    });

    describe('a damaged file', () => {
      const good = JSON.parse(JSON.stringify(index)) as Record<string, unknown>;
      // Loosely typed on purpose: these reach into the file's parts to break them.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      type Loose = Record<string, any>;
      const damaged = (change: (j: Loose) => void) => {
        const j = structuredClone(good) as Loose;
        change(j);
        return j;
      };
      const cases: [string, unknown, RegExp][] = [
        ['null', null, /expected an object, found null/],
        ['another format', { documentCount: 3, index: [] }, /not a search index of this version/],
        ['an older version', damaged((j) => (j.version = 2)), /version 2, expected/],
        ['no index', damaged((j) => (j.index = null)), /index: expected an object, found null/],
        ['terms not a list', damaged((j) => (j.index.index = {})), /index\.index: expected a list of terms/],
        ['a term entry damaged', damaged((j) => (j.index.index[3] = 'x')), /index\.index\[3\]: expected \[term, postings\]/],
        ['fields of another build', damaged((j) => delete j.index.fieldIds.headings), /no field "headings"/],
        ['sections null', damaged((j) => (j.sections = null)), /sections: expected an object of note ids, found null/],
        ['texts null and no sections', damaged((j) => { delete j.sections; j.texts = null; }), /sections: expected an object of note ids/],
        ['a section without text', damaged((j) => (j.sections['timeouts-first'][0].text = null)), /sections\["timeouts-first"\]\[0\]: expected \{anchor, heading, text\}/],
        ['sections of an unknown note', damaged((j) => (j.sections['ghost'] = [])), /sections of "ghost", a note the index does not have/],
        ['sections missing for a note', damaged((j) => delete j.sections['timeouts-first']), /the index has 2 notes, the sections 1/],
        ['an unparseable serialisation version', damaged((j) => (j.index.serializationVersion = 99)), /index: MiniSearch: cannot deserialize/],
      ];
      for (const [name, data, message] of cases) {
        it(`refuses ${name} with a SearchDataError naming the file and the part`, () => {
          assert.throws(
            () => SearchIndex.load(data, 'dist/kb/search.json'),
            (e: unknown) => e instanceof SearchDataError && e.where === 'dist/kb/search.json' && message.test(e.message) && e.message.startsWith('search data dist/kb/search.json: '),
          );
        });
      }

      it('refuses text that is not JSON, naming the file', () => {
        assert.throws(() => SearchIndex.loadJSON('{"format": "engineering-notes-se', 'x/search.json'), /search data x\/search.json: not JSON/);
      });
    });
  });

  describe('properties', () => {
    // Words far apart (no prefix of another, more than two edits and no letter swap apart), so
    // the model can say exactly which notes contain which words.
    const VOCAB = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima', 'mike', 'november'];
    const docs = fc.uniqueArray(
      fc.record({
        id: fc.constantFrom(...'abcdefghijkl'.split('')),
        title: fc.array(fc.constantFrom(...VOCAB), { maxLength: 2 }),
        sections: fc.array(fc.array(fc.constantFrom(...VOCAB), { maxLength: 6 }), { minLength: 1, maxLength: 4 }),
      }),
      { selector: (d) => d.id, minLength: 1, maxLength: 10 },
    );
    const toDoc = (d: { id: string; title: string[]; sections: string[][] }): NoteDocument => note(d.id, { title: d.title.join(' '), sections: d.sections.map((words, i) => [i ? `s${i}` : '', '', words.join(' ')]) });
    const queryWords = fc.uniqueArray(fc.constantFrom(...VOCAB), { minLength: 1, maxLength: 3 });

    it('the vocabulary of the model is far enough apart', () => {
      for (const a of VOCAB) for (const b of VOCAB) if (a !== b) assert.ok(!b.startsWith(a) && editDistance(a, b, 2) > 2 && !transpositions(a).includes(b), `${a} ${b}`);
    });

    it('finds exactly the notes with every word as full hits and the notes with some as partial ones', () => {
      fc.assert(
        fc.property(docs, queryWords, (ds, words) => {
          const idx = SearchIndex.create(ds.map(toDoc));
          const hits = idx.search(words.join(' '), { limit: 100 });
          const has = (d: (typeof ds)[number], w: string) => d.title.includes(w) || d.sections.some((s) => s.includes(w));
          const full = ds.filter((d) => words.every((w) => has(d, w))).map((d) => d.id).sort();
          const some = ds.filter((d) => words.some((w) => has(d, w)) && !words.every((w) => has(d, w))).map((d) => d.id).sort();
          assert.deepEqual(hits.filter((h) => !h.partial).map((h) => h.noteId).sort(), full);
          assert.deepEqual(hits.filter((h) => h.partial).map((h) => h.noteId).sort(), words.length > 1 ? some : []);
          const firstPartial = hits.findIndex((h) => h.partial);
          if (firstPartial !== -1) assert.ok(hits.slice(firstPartial).every((h) => h.partial));
          for (const h of hits) {
            assert.deepEqual(h.approximate, []);
            const d = ds.find((x) => x.id === h.noteId)!;
            const landed = d.sections[h.anchor ? Number(h.anchor.slice(1)) : 0];
            // It lands on a section with one of the words whenever a section has one.
            if (d.sections.some((s) => words.some((w) => s.includes(w)))) assert.ok(words.some((w) => landed.includes(w)), `${h.noteId}#${h.anchor}`);
          }
        }),
        { numRuns: 200 },
      );
    });

    it('after any sequence of add, replace and discard, answers as an index built from the final notes', () => {
      const op = fc.oneof(
        docs.map((ds) => ({ kind: 'replace' as const, doc: ds[0] })),
        fc.constantFrom(...'abcdefghijkl'.split('')).map((id) => ({ kind: 'discard' as const, id })),
      );
      fc.assert(
        fc.property(docs, fc.array(op, { maxLength: 12 }), queryWords, (initial, ops, words) => {
          const idx = SearchIndex.create(initial.map(toDoc));
          const model = new Map(initial.map((d) => [d.id, d]));
          for (const o of ops) {
            if (o.kind === 'replace') {
              idx.replace(toDoc(o.doc));
              model.set(o.doc.id, o.doc);
            } else {
              assert.equal(idx.discard(o.id), model.delete(o.id));
            }
          }
          const fresh = SearchIndex.create([...model.values()].map(toDoc));
          const q = words.join(' ');
          const key = (hits: SearchHit[]) => hits.map((h) => `${h.noteId}#${h.anchor}:${h.partial}`).sort();
          assert.deepEqual(key(idx.search(q, { limit: 100 })), key(fresh.search(q, { limit: 100 })));
          assert.equal(idx.documentCount, model.size);
        }),
        { numRuns: 150 },
      );
    });

    it('a JSON round trip answers exactly as the original', () => {
      fc.assert(
        fc.property(docs, fc.string({ maxLength: 20 }), (ds, q) => {
          const idx = SearchIndex.create(ds.map(toDoc));
          const loaded = SearchIndex.loadJSON(JSON.stringify(idx), 't');
          assert.deepEqual(loaded.search(q), idx.search(q));
        }),
        { numRuns: 100 },
      );
    });
  });
});

describe('planQuery', () => {
  it('prefixes only the last word, from two letters', () => {
    assert.deepEqual(planQuery('retry bud')!.words.map((w) => w.prefix), [false, true]);
    assert.deepEqual(planQuery('retry b')!.words.map((w) => w.prefix), [false, false]);
  });

  it('allows one typo from 4 letters, none below', () => {
    assert.deepEqual(planQuery('abc abcd abcdefg abcdefghijk')!.words.map((w) => w.maxEdits), [0, 1, 1, 1]);
  });

  it('searches letter swaps for words of 4 to 16 letters only', () => {
    assert.ok(planQuery('retyr')!.words[0].swaps.includes('retry'));
    assert.ok(planQuery('idempotnecy')!.words[0].swaps.includes('idempotency'));
    assert.deepEqual(planQuery('abc')!.words[0].swaps, []);
    assert.deepEqual(planQuery('abcdefghijklmnopq')!.words[0].swaps, []);
  });

  it('returns undefined when nothing searchable is left', () => {
    assert.equal(planQuery(' , . the '), undefined);
  });
});

describe('normaliseTerm', () => {
  it('folds endings exactly as the plain regular-expression rules do', () => {
    const model = (term: string): string | null => {
      const t = term.toLowerCase();
      if (!t || ['a', 'is', 'as', 'its', 'this', 'was'].includes(t)) return null;
      if (t.length > 4 && t.endsWith('ies')) return t.slice(0, -3) + 'y';
      if (t.length > 4 && /(?:ss|sh|ch|x)es$/.test(t)) return t.slice(0, -2);
      if (t.length > 3 && t.endsWith('s') && !/(?:ss|us|is)$/.test(t)) return t.slice(0, -1);
      return t;
    };
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'aceihsuxySE'.split('')), minLength: 1, maxLength: 7 }), (w) => {
        const got = normaliseTerm(w);
        if (got !== null) assert.equal(got, model(w), w);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('transpositions', () => {
  it('swaps each pair of adjacent letters once, never returning the word itself', () => {
    assert.deepEqual(transpositions('abc'), ['bac', 'acb']);
    assert.deepEqual(transpositions('aab'), ['aba']);
  });
});

describe('editDistance', () => {
  it('counts edits and stops early past the limit', () => {
    assert.equal(editDistance('jittr', 'jitter', 2), 1);
    assert.equal(editDistance('retyr', 'retry', 2), 2);
    assert.equal(editDistance('a', 'abcdef', 2), 3);
  });
});

describe('hitGroup', () => {
  it('puts close spellings and partial hits under their own headings', () => {
    assert.equal(hitGroup({ partial: false, approximate: [] }), '');
    assert.equal(hitGroup({ partial: false, approximate: ['oauth'] }), 'Close spellings');
    assert.equal(hitGroup({ partial: true, approximate: ['oauth'] }), 'Some of the words');
  });
});

describe('excerpt', () => {
  it('cuts around the first term at word boundaries', () => {
    const text = `${'lorem ipsum '.repeat(20)}the retry budget caps load ${'dolor sit '.repeat(20)}`;
    const e = excerpt(text, ['budget']);
    assert.ok(e.startsWith('…') && e.includes('retry budget') && e.endsWith('…'), e);
    assert.equal(excerpt('short text', ['x']), 'short text');
  });

  it('finds a normalised term by its stem ("retry" in "retries")', () => {
    const text = `${'lorem ipsum '.repeat(20)}bounded retries keep load sane ${'dolor sit '.repeat(20)}`;
    assert.ok(excerpt(text, ['retry']).includes('bounded retries'), excerpt(text, ['retry']));
  });
});
