import type { NoteDocument } from './documents';
import type { SearchHit } from './searchIndex';

/**
 * Messages between `WorkerSearchIndex` (the extension host side) and `worker.ts` (a worker thread
 * that owns a large SearchIndex). Only small things cross: file paths, queries, single notes and
 * hits; the index never does, so the host never parses, clones or builds anything big.
 */
export type ToSearchWorker =
  /** Builds the index from a JSON Lines file of NoteDocuments. */
  | { type: 'build'; id: number; docsFile: string }
  /** Loads an index written by `save` (or by the build step). */
  | { type: 'load'; id: number; indexFile: string }
  | { type: 'save'; id: number; indexFile: string }
  | { type: 'search'; id: number; text: string; limit: number }
  | { type: 'replace'; id: number; doc: NoteDocument }
  | { type: 'discard'; id: number; noteId: string };

export type FromSearchWorker =
  | { type: 'done'; id: number; ms: number; documentCount: number }
  | { type: 'hits'; id: number; hits: SearchHit[]; ms: number }
  /** A search was dropped because a newer one had been sent before it started. */
  | { type: 'superseded'; id: number }
  | { type: 'error'; id: number; message: string };

/** Index of the "latest search id" slot in the shared Int32Array both sides see. */
export const LATEST_SEARCH = 0;
