import type { Hint, HintRuleData } from './rule';

/**
 * Messages between the editor side and the hint worker. Plain, structured-clone-safe data and no
 * Node types, so the same protocol runs over worker_threads (desktop) or a Web Worker (later).
 */

/** One change of a document, against the text as it was before this change (applied in order). */
export interface TextChange {
  offset: number;
  length: number;
  text: string;
}

export type ToHintWorker =
  | { type: 'init'; rules: HintRuleData[] }
  | { type: 'prepare'; id: number; languageId: string }
  | { type: 'open'; uri: string; languageId: string; version: number; text: string }
  | { type: 'edit'; uri: string; version: number; changes: TextChange[] }
  | { type: 'close'; uri: string }
  | { type: 'scan'; id: number; uri: string; version: number; budgetMs: number };

export type FromHintWorker =
  | { type: 'prepared'; id: number; ms: number }
  /** Every raw match (grouping happens on the caller's side, with the caller's settings). */
  | { type: 'scanned'; id: number; hints: Hint[]; ms: number; incremental: boolean }
  | { type: 'stopped'; id: number }
  /** The worker does not hold that version of the document: send it whole and ask again. */
  | { type: 'unknown'; id: number }
  | { type: 'error'; id: number; message: string };
