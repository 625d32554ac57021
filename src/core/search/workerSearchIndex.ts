import { Worker } from 'node:worker_threads';
import type { NoteDocument } from './documents';
import type { SearchHit } from './searchIndex';
import { LATEST_SEARCH, type FromSearchWorker, type ToSearchWorker } from './workerProtocol';

/** Cancellation as the core sees it: VS Code's CancellationToken fits this shape. */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
}

/**
 * A SearchIndex that lives in a worker thread, for note sets too large to build, load or search on
 * the extension host's thread. Searches typed over by newer ones are dropped in the worker before
 * they run, and a cancelled search resolves to undefined.
 */
export class WorkerSearchIndex {
  private readonly worker: Worker;
  private readonly latest: Int32Array;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: FromSearchWorker) => void; reject: (e: Error) => void }>();

  /** `workerScript`: the bundled worker.ts. */
  constructor(workerScript: string, options: { maxHeapMB?: number } = {}) {
    const shared = new SharedArrayBuffer(4);
    this.latest = new Int32Array(shared);
    this.worker = new Worker(workerScript, {
      workerData: { shared },
      resourceLimits: options.maxHeapMB ? { maxOldGenerationSizeMb: options.maxHeapMB } : undefined,
    });
    this.worker.on('message', (m: FromSearchWorker) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.type === 'error') p.reject(new Error(`WorkerSearchIndex: ${m.message}`));
      else p.resolve(m);
    });
    this.worker.on('error', (e) => this.failAll(e));
    this.worker.on('exit', (code) => this.failAll(new Error(`WorkerSearchIndex: worker exited (${code})`)));
  }

  /** Builds from a JSON Lines file of NoteDocuments; resolves with the worker's own time. */
  async build(docsFile: string): Promise<{ ms: number; documentCount: number }> {
    return this.done(await this.send((id) => ({ type: 'build', id, docsFile })));
  }

  async load(indexFile: string): Promise<{ ms: number; documentCount: number }> {
    return this.done(await this.send((id) => ({ type: 'load', id, indexFile })));
  }

  async save(indexFile: string): Promise<{ ms: number; documentCount: number }> {
    return this.done(await this.send((id) => ({ type: 'save', id, indexFile })));
  }

  /** Adds the note or replaces the one with its id. */
  async replace(doc: NoteDocument): Promise<{ ms: number; documentCount: number }> {
    return this.done(await this.send((id) => ({ type: 'replace', id, doc })));
  }

  async discard(noteId: string): Promise<{ ms: number; documentCount: number }> {
    return this.done(await this.send((id) => ({ type: 'discard', id, noteId })));
  }

  /** The hits, or undefined when a newer search or the token made this one moot. */
  async search(text: string, limit = 20, token?: Cancellation): Promise<{ hits: SearchHit[]; ms: number } | undefined> {
    if (token?.isCancellationRequested) return undefined;
    const reply = await this.send((id) => {
      Atomics.store(this.latest, LATEST_SEARCH, id);
      return { type: 'search', id, text, limit };
    });
    if (reply.type !== 'hits' || token?.isCancellationRequested) return undefined;
    return { hits: reply.hits, ms: reply.ms };
  }

  async dispose(): Promise<void> {
    await this.worker.terminate();
  }

  private send(make: (id: number) => ToSearchWorker): Promise<FromSearchWorker> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(make(id));
    });
  }

  private done(m: FromSearchWorker): { ms: number; documentCount: number } {
    if (m.type !== 'done') throw new Error(`WorkerSearchIndex: unexpected reply ${m.type}`);
    return { ms: m.ms, documentCount: m.documentCount };
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
