import { Worker } from 'node:worker_threads';
import { LATEST_QUERY, type FromIndexWorker, type ToIndexWorker } from './indexWorkerProtocol';
import type { SearchHit, SectionDoc } from './noteIndex';

/** Cancellation as the core sees it: VS Code's CancellationToken fits this shape. */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
}

/**
 * A NoteIndex that lives in a worker thread, for knowledge bases too large to build, load or
 * search on the extension host's thread (10,000 notes take seconds to load and hundreds of MB).
 * The host only posts paths, queries and small results, so it never blocks for long; queries
 * typed over by newer ones are dropped in the worker before they run, and a cancelled query
 * resolves to undefined.
 */
export class WorkerNoteIndex {
  private readonly worker: Worker;
  private readonly latest: Int32Array;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: FromIndexWorker) => void; reject: (e: Error) => void }>();

  /** `workerScript`: the bundled indexWorker.ts. */
  constructor(workerScript: string, options: { maxHeapMB?: number } = {}) {
    const shared = new SharedArrayBuffer(4);
    this.latest = new Int32Array(shared);
    this.worker = new Worker(workerScript, {
      workerData: { shared },
      resourceLimits: options.maxHeapMB ? { maxOldGenerationSizeMb: options.maxHeapMB } : undefined,
    });
    this.worker.on('message', (m: FromIndexWorker) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.type === 'error') p.reject(new Error(`WorkerNoteIndex: ${m.message}`));
      else p.resolve(m);
    });
    this.worker.on('error', (e) => this.failAll(e));
    this.worker.on('exit', (code) => this.failAll(new Error(`WorkerNoteIndex: worker exited (${code})`)));
  }

  /** Builds from a JSON Lines file of SectionDocs; resolves with the worker's own build time. */
  async build(docsFile: string): Promise<{ ms: number; documentCount: number }> {
    return this.done(await this.send((id) => ({ type: 'build', id, docsFile })));
  }

  async load(indexFile: string): Promise<{ ms: number; documentCount: number }> {
    return this.done(await this.send((id) => ({ type: 'load', id, indexFile })));
  }

  async save(indexFile: string): Promise<{ ms: number }> {
    return this.done(await this.send((id) => ({ type: 'save', id, indexFile })));
  }

  async replaceSections(oldIds: string[], docs: SectionDoc[]): Promise<{ ms: number }> {
    return this.done(await this.send((id) => ({ type: 'replace', id, oldIds, docs })));
  }

  /** The hits, or undefined when a newer query or the token made this one moot. */
  async query(text: string, limit = 20, token?: Cancellation): Promise<{ hits: SearchHit[]; ms: number } | undefined> {
    if (token?.isCancellationRequested) return undefined;
    const reply = await this.send((id) => {
      Atomics.store(this.latest, LATEST_QUERY, id);
      return { type: 'query', id, text, limit };
    });
    if (reply.type !== 'hits' || token?.isCancellationRequested) return undefined;
    return { hits: reply.hits, ms: reply.ms };
  }

  async dispose(): Promise<void> {
    await this.worker.terminate();
  }

  private send(make: (id: number) => ToIndexWorker): Promise<FromIndexWorker> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(make(id));
    });
  }

  private done(m: FromIndexWorker): { ms: number; documentCount: number } {
    if (m.type !== 'done') throw new Error(`WorkerNoteIndex: unexpected reply ${m.type}`);
    return { ms: m.ms, documentCount: m.documentCount };
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
