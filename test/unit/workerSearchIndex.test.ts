import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { loadNoteSet } from '../../src/core/noteSet';
import { noteDocument } from '../../src/core/search/documents';
import { SearchIndex } from '../../src/core/search/searchIndex';
import { WorkerSearchIndex } from '../../src/core/search/workerSearchIndex';
import { FIXTURES, ROOT, readNoteFiles, readTopics } from './helpers';

describe('WorkerSearchIndex', function () {
  this.timeout(60_000);
  const set = loadNoteSet(readNoteFiles(join(FIXTURES, 'notes')), readTopics(join(FIXTURES, 'notes')));
  const docs = set.notes.map(noteDocument);
  const inThread = SearchIndex.create(docs);
  let dir: string;
  let index: WorkerSearchIndex;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'worker-search-'));
    await esbuild.build({ entryPoints: [join(ROOT, 'src/core/search/worker.ts')], outfile: join(dir, 'worker.cjs'), bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
    writeFileSync(join(dir, 'notes.jsonl'), docs.map((d) => JSON.stringify(d)).join('\n'));
    index = new WorkerSearchIndex(join(dir, 'worker.cjs'));
  });

  after(async () => {
    await index?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('build', () => {
    it('builds from a JSON Lines file and answers as SearchIndex does in-thread', async () => {
      const built = await index.build(join(dir, 'notes.jsonl'));
      assert.equal(built.documentCount, docs.length);
      for (const q of ['jitter', 'deadline', 'idempotncy', 'retry budget', 'retyr']) assert.deepEqual((await index.search(q))?.hits, inThread.search(q));
    });

    it('names the line of a damaged JSON Lines file', async () => {
      writeFileSync(join(dir, 'bad.jsonl'), `${JSON.stringify(docs[0])}\n{"id": `);
      await assert.rejects(index.build(join(dir, 'bad.jsonl')), /bad\.jsonl:2:/);
    });
  });

  describe('save and load', () => {
    it('saves and loads the index', async () => {
      await index.build(join(dir, 'notes.jsonl'));
      await index.save(join(dir, 'index.json'));
      const loaded = await index.load(join(dir, 'index.json'));
      assert.equal(loaded.documentCount, docs.length);
      assert.deepEqual((await index.search('jitter'))?.hits, inThread.search('jitter'));
    });

    it('rejects a damaged index with the reason and the file', async () => {
      writeFileSync(join(dir, 'damaged.json'), JSON.stringify({ ...inThread.toJSON(), sections: null }));
      await assert.rejects(index.load(join(dir, 'damaged.json')), /WorkerSearchIndex: search data .*damaged\.json: sections: expected an object/);
    });
  });

  describe('search', () => {
    it('answers the last of a burst and drops or answers correctly the ones it overtook', async () => {
      await index.build(join(dir, 'notes.jsonl'));
      const typed = ['t', 'th', 'thu', 'thun', 'thund', 'thunde', 'thunder'];
      const answers = await Promise.all(typed.map((q) => index.search(q)));
      assert.deepEqual(answers.at(-1)?.hits, inThread.search('thunder'));
      answers.forEach((a, i) => {
        if (a) assert.deepEqual(a.hits, inThread.search(typed[i]));
      });
    });

    it('resolves a search whose token was cancelled to undefined', async () => {
      assert.equal(await index.search('jitter', 20, { isCancellationRequested: true }), undefined);
    });
  });

  describe('replace and discard', () => {
    it('replaces one note, then discards it', async () => {
      await index.build(join(dir, 'notes.jsonl'));
      const old = docs.find((d) => d.id === 'timeouts-first')!;
      await index.replace({ ...old, sections: [{ anchor: '', heading: '', text: 'sockets and keepalive' }] });
      assert.equal((await index.search('keepalive'))?.hits[0]?.noteId, 'timeouts-first');
      const after = await index.discard('timeouts-first');
      assert.equal(after.documentCount, docs.length - 1);
      assert.deepEqual((await index.search('keepalive'))?.hits, []);
    });
  });

  it('reports errors from the worker as rejections', async () => {
    await assert.rejects(index.load(join(dir, 'missing.json')), /WorkerSearchIndex/);
  });
});
