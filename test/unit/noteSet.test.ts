import assert from 'node:assert/strict';
import { join } from 'node:path';
import { formatProblem } from '../../src/core/note';
import { loadNoteSet } from '../../src/core/noteSet';
import { noteDocument } from '../../src/core/search/documents';
import { SearchIndex } from '../../src/core/search/searchIndex';
import { FIXTURES, readNoteFiles, readTopics } from './helpers';

describe('loadNoteSet', () => {
  const topics = readTopics(join(FIXTURES, 'notes'));

  it('loads a sound folder with no problems, in topic order', () => {
    const set = loadNoteSet(readNoteFiles(join(FIXTURES, 'notes')), topics);
    assert.deepEqual(set.problems, []);
    assert.deepEqual(set.notes.map((n) => n.id), ['timeouts-first', 'retries-in-practice']);
  });

  describe('with a folder of broken notes beside the sound ones', () => {
    const files = [...readNoteFiles(join(FIXTURES, 'notes')), ...readNoteFiles(join(FIXTURES, 'broken-notes'))];
    const set = loadNoteSet(files, topics);
    const lines = set.problems.map(formatProblem);
    const brokenFiles = readNoteFiles(join(FIXTURES, 'broken-notes'))
      .map((f) => f.file)
      .filter((f) => !/valid-beside-broken/.test(f));

    it('reports every broken file, naming the file and a line', () => {
      for (const file of brokenFiles) {
        assert.ok(set.problems.some((p) => p.file === file), `no problem reported for ${file}:\n${lines.join('\n')}`);
      }
      for (const p of set.problems) assert.ok(p.line >= 1, `no line in: ${formatProblem(p)}`);
    });

    it('still loads every valid note, and they are searchable', () => {
      const ids = set.notes.map((n) => n.id);
      for (const id of ['timeouts-first', 'retries-in-practice', 'valid-beside-broken']) assert.ok(ids.includes(id), id);
      const index = SearchIndex.create(set.notes.map(noteDocument));
      assert.equal(index.search('heartbeats')[0]?.noteId, 'valid-beside-broken');
      assert.equal(index.search('jitter')[0]?.noteId, 'retries-in-practice');
    });

    it('refuses an id that does not match its file name', () => {
      assert.ok(lines.some((l) => /duplicate-id\.md:2: id "retries-in-practice" must equal the file name "duplicate-id"/.test(l)), lines.join('\n'));
    });

    it('reports related ids and links that point nowhere', () => {
      assert.ok(lines.some((l) => /bad-links\.md:7: related note "no-such-note" does not exist/.test(l)));
      assert.ok(lines.some((l) => /bad-links\.md:10: link to note "no-such-note" that does not exist/.test(l)));
      assert.ok(lines.some((l) => /bad-links\.md:10: link to "timeouts-first#no-such-heading": no such heading/.test(l)));
    });
  });

  it('reports a duplicate id (same file name in two folders) and keeps the first', () => {
    const files = readNoteFiles(join(FIXTURES, 'notes'));
    const original = files.find((f) => f.file.endsWith('timeouts-first.md'))!;
    const set = loadNoteSet([...files, { file: 'user-notes/timeouts-first.md', bytes: original.bytes }], topics);
    assert.deepEqual(set.problems.map(formatProblem), [
      'user-notes/timeouts-first.md:2: duplicate note id "timeouts-first" (already used by test/fixtures/notes/timeouts-first.md)',
    ]);
    assert.equal(set.notes.find((n) => n.id === 'timeouts-first')?.file, 'test/fixtures/notes/timeouts-first.md');
  });

  it('reports unknown topics and duplicate hint ids across notes', () => {
    const files = readNoteFiles(join(FIXTURES, 'notes'));
    const copy = new TextDecoder()
      .decode(files.find((f) => f.file.endsWith('retries-in-practice.md'))!.bytes)
      .replace('id: retries-in-practice', 'id: retries-again')
      .replace('topic: Reliability', 'topic: Reliabilty');
    const set = loadNoteSet([...files, { file: 'x/retries-again.md', bytes: new TextEncoder().encode(copy) }], topics);
    const lines = set.problems.map(formatProblem);
    assert.ok(lines.some((l) => /retries-again\.md:5: unknown topic "Reliabilty"/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /retries-again\.md:10: duplicate hint id "fixture-retry-loop"/.test(l)), lines.join('\n'));
  });
});
