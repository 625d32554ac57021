/**
 * Worker thread entry that owns a large SearchIndex: builds it from a JSON Lines file, loads and
 * saves it, answers searches and replaces or discards notes, all off the extension host's thread
 * (MiniSearch's load rebuilds its tree synchronously: seconds at 10,000 notes). Bundled as its own
 * script and started by `WorkerSearchIndex`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { NoteDocument } from './documents';
import { SearchIndex } from './searchIndex';
import { LATEST_SEARCH, type FromSearchWorker, type ToSearchWorker } from './workerProtocol';

const port = parentPort;
if (!port) throw new Error('search worker: must run in a worker thread');
const latest = new Int32Array((workerData as { shared: SharedArrayBuffer }).shared);
let index: SearchIndex | undefined;

function reply(message: FromSearchWorker): void {
  port!.postMessage(message);
}

function handle(message: ToSearchWorker): void {
  const started = performance.now();
  const done = () => reply({ type: 'done', id: message.id, ms: performance.now() - started, documentCount: index?.documentCount ?? 0 });
  switch (message.type) {
    case 'build': {
      const next = SearchIndex.create();
      readFileSync(message.docsFile, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (!line) return;
          let doc: NoteDocument;
          try {
            doc = JSON.parse(line) as NoteDocument;
          } catch (e) {
            throw new Error(`${message.docsFile}:${i + 1}: ${(e as Error).message}`);
          }
          next.add(doc);
        });
      index = next;
      return done();
    }
    case 'load':
      index = SearchIndex.loadJSON(readFileSync(message.indexFile, 'utf8'), message.indexFile);
      return done();
    case 'save':
      writeFileSync(message.indexFile, JSON.stringify(requireIndex().toJSON()));
      return done();
    case 'replace':
      requireIndex().replace(message.doc);
      return done();
    case 'discard':
      requireIndex().discard(message.noteId);
      return done();
    case 'search':
      // As-you-type: a search typed over by a newer one is not worth answering.
      if (message.id < Atomics.load(latest, LATEST_SEARCH)) return reply({ type: 'superseded', id: message.id });
      return reply({ type: 'hits', id: message.id, hits: requireIndex().search(message.text, { limit: message.limit }), ms: performance.now() - started });
  }
}

function requireIndex(): SearchIndex {
  if (!index) throw new Error('no index loaded yet');
  return index;
}

port.on('message', (message: ToSearchWorker) => {
  try {
    handle(message);
  } catch (e) {
    reply({ type: 'error', id: message.id, message: (e as Error).message });
  }
});
