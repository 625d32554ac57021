/**
 * Worker thread entry that owns a large NoteIndex: builds it from a JSON Lines file, loads and
 * saves it, answers queries and replaces notes, all off the extension host's thread. Bundled as
 * its own script (esbuild entry) and started by `WorkerNoteIndex`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { LATEST_QUERY, type FromIndexWorker, type ToIndexWorker } from './indexWorkerProtocol';
import { NoteIndex, type SectionDoc } from './noteIndex';

const port = parentPort;
if (!port) throw new Error('indexWorker: must run in a worker thread');
const latest = new Int32Array((workerData as { shared: SharedArrayBuffer }).shared);
let index: NoteIndex | undefined;

function reply(message: FromIndexWorker): void {
  port!.postMessage(message);
}

function handle(message: ToIndexWorker): void {
  const started = performance.now();
  const done = () => reply({ type: 'done', id: message.id, ms: performance.now() - started, documentCount: index?.documentCount ?? 0 });
  switch (message.type) {
    case 'build': {
      const docs: SectionDoc[] = [];
      for (const line of readFileSync(message.docsFile, 'utf8').split('\n')) if (line) docs.push(JSON.parse(line) as SectionDoc);
      index = NoteIndex.build(docs);
      return done();
    }
    case 'load':
      index = NoteIndex.load(readFileSync(message.indexFile, 'utf8'));
      return done();
    case 'save':
      writeFileSync(message.indexFile, JSON.stringify(requireIndex().toJSON()));
      return done();
    case 'replace':
      requireIndex().replaceSections(message.oldIds, message.docs);
      return done();
    case 'query':
      // As-you-type: a query typed over by a newer one is not worth answering.
      if (message.id < Atomics.load(latest, LATEST_QUERY)) return reply({ type: 'superseded', id: message.id });
      return reply({ type: 'hits', id: message.id, hits: requireIndex().query(message.text, { limit: message.limit }), ms: performance.now() - started });
  }
}

function requireIndex(): NoteIndex {
  if (!index) throw new Error('no index loaded yet');
  return index;
}

port.on('message', (message: ToIndexWorker) => {
  try {
    handle(message);
  } catch (e) {
    reply({ type: 'error', id: message.id, message: (e as Error).message });
  }
});
