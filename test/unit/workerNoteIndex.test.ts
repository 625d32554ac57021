import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { sectionDocs } from '../../src/core/knowledgeBase';
import { NoteIndex } from '../../src/core/noteIndex';
import { loadNoteSet } from '../../src/core/noteSet';
import { WorkerNoteIndex } from '../../src/core/workerNoteIndex';
import { FIXTURES, ROOT, readNoteFiles, readTopics } from './helpers';

describe('WorkerNoteIndex', function () {
  this.timeout(60_000);
  const set = loadNoteSet(readNoteFiles(join(FIXTURES, 'notes')), readTopics(join(FIXTURES, 'notes')));
  const docs = set.notes.flatMap(sectionDocs);
  const inThread = NoteIndex.build(docs);
  let dir: string;
  let index: WorkerNoteIndex;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'worker-index-'));
    await esbuild.build({ entryPoints: [join(ROOT, 'src/core/indexWorker.ts')], outfile: join(dir, 'indexWorker.cjs'), bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
    writeFileSync(join(dir, 'docs.jsonl'), docs.map((d) => JSON.stringify(d)).join('\n'));
    index = new WorkerNoteIndex(join(dir, 'indexWorker.cjs'));
  });

  after(async () => {
    await index?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds from a JSON Lines file and answers as NoteIndex does in-thread', async () => {
    const built = await index.build(join(dir, 'docs.jsonl'));
    assert.equal(built.documentCount, docs.length);
    for (const q of ['jitter', 'deadline', 'idempotncy', 'retry budget']) assert.deepEqual((await index.query(q))?.hits, inThread.query(q));
  });

  it('saves and loads the index', async () => {
    await index.save(join(dir, 'index.json'));
    const loaded = await index.load(join(dir, 'index.json'));
    assert.equal(loaded.documentCount, docs.length);
    assert.deepEqual((await index.query('jitter'))?.hits, inThread.query('jitter'));
  });

  it('answers the last of a burst of queries and drops or answers correctly the ones it overtook', async () => {
    const typed = ['t', 'th', 'thu', 'thun', 'thund', 'thunde', 'thunder'];
    const answers = await Promise.all(typed.map((q) => index.query(q)));
    assert.deepEqual(answers.at(-1)?.hits, inThread.query('thunder'));
    answers.forEach((a, i) => {
      if (a) assert.deepEqual(a.hits, inThread.query(typed[i]));
    });
  });

  it('resolves a query whose token was cancelled to undefined', async () => {
    assert.equal(await index.query('jitter', 20, { isCancellationRequested: true }), undefined);
  });

  it('replaces one note', async () => {
    const old = sectionDocs(set.notes.find((n) => n.id === 'timeouts-first')!);
    const replacement = [{ ...old[0], id: 'timeouts-first#', anchor: '', text: 'sockets and keepalive' }];
    await index.replaceSections(old.map((d) => d.id), replacement);
    assert.equal((await index.query('keepalive'))?.hits[0]?.noteId, 'timeouts-first');
  });

  it('reports errors from the worker as rejections', async () => {
    await assert.rejects(index.load(join(dir, 'missing.json')), /WorkerNoteIndex/);
  });
});
