import type { SearchHit, SectionDoc } from './noteIndex';

/**
 * Messages between `WorkerNoteIndex` (the extension host side) and `indexWorker.ts` (a worker
 * thread that owns a large NoteIndex). Only small things cross: file paths, queries and hits.
 * The documents and the index never do, so the extension host never parses, clones or builds
 * anything big.
 */
export type ToIndexWorker =
  /** Builds the index from a JSON Lines file of SectionDocs. */
  | { type: 'build'; id: number; docsFile: string }
  /** Loads an index written by `save` (or by the build step). */
  | { type: 'load'; id: number; indexFile: string }
  | { type: 'save'; id: number; indexFile: string }
  | { type: 'query'; id: number; text: string; limit: number }
  | { type: 'replace'; id: number; oldIds: string[]; docs: SectionDoc[] };

export type FromIndexWorker =
  | { type: 'done'; id: number; ms: number; documentCount: number }
  | { type: 'hits'; id: number; hits: SearchHit[]; ms: number }
  /** A query was dropped because a newer one had been sent before it started. */
  | { type: 'superseded'; id: number }
  | { type: 'error'; id: number; message: string };

/** Index of the "latest query id" slot in the shared Int32Array both sides see. */
export const LATEST_QUERY = 0;
