// Types for io.mjs, so TypeScript tests can import it.
import type { Entry } from './scoring.mjs';

export const ROOT: string;
export const DEFAULT_CACHE: string;
export const DEFAULT_MIRRORS: string;
export function corpusFiles(given: string[]): string[];
export function knownSections(notesDir?: string): Map<string, Set<string>>;
export function loadCorpus(files: string[], opts?: { check?: boolean }): Entry[];
export function fail(message: string): never;
export function parseArgs(argv: string[], spec: { values?: string[]; flags?: string[] }): Record<string, unknown> & { _: string[] };
