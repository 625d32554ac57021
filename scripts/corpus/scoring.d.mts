// Types for scoring.mjs, so TypeScript tests can import it.
export const MATCH_WINDOW: number;
export const SPLITS: readonly ['tune', 'holdout'];
export const KINDS: readonly ['positive', 'negative'];
export const TIERS: readonly ['concept', 'risk'];
export const LANGUAGE_BY_EXTENSION: Record<string, string>;
export const LANGUAGES: string[];

export type Tier = 'concept' | 'risk';
export interface Label { line: number; note: string; section: string; tier: Tier; reason: string }
export interface Entry {
  repo: string; commit: string; path: string; language: string;
  split: 'tune' | 'holdout'; kind: 'positive' | 'negative'; labels: Label[];
  source: { file: string; line: number };
}
export interface Hint { file: string; line: number; noteId: string; tier?: string; [k: string]: unknown }
export interface Cell { hints: number; truePositives: number; labels: number; found: number; precision: number | null; recall: number | null }
export interface SplitResult { files: number; overall: Cell; tiers: Record<Tier, Cell>; languages: Record<string, Cell>; notes: Record<string, Cell> }
export interface ScoreResult {
  entries: number; scored: number; missing: { repo: string; commit: string; path: string }[];
  strayHints: number; window: number; splits: Record<'tune' | 'holdout' | 'all', SplitResult>;
}

export function splitFor(repo: string, path: string): 'tune' | 'holdout';
export function languageOfPath(path: string): string | undefined;
export function parseCorpus(text: string, file: string, known?: Map<string, Set<string>>): { entries: Entry[]; problems: string[] };
export function cachePath(cacheDir: string, entry: Pick<Entry, 'repo' | 'commit' | 'path'>): string;
export function assignHints(entries: Entry[], hints: unknown[], cacheDir: string, cwd?: string): { perEntry: Map<Entry, Hint[]>; stray: unknown[] };
export function matchEntry(labels: Label[], hints: Hint[], window?: number): {
  hintVerdicts: { hint: Hint; match: boolean; tierMatch: boolean }[];
  labelVerdicts: { label: Label; found: boolean; tierFound: boolean }[];
};
export function scoreCorpus(entries: Entry[], perEntry: Map<Entry, Hint[]>, opts?: { missing?: Entry[]; stray?: unknown[]; window?: number }): ScoreResult;
export function toMarkdown(result: ScoreResult): string;
export function shown(path: string, cwd?: string): string;
