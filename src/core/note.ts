/** The Note model shared by the build step, the extension and the tests. Plain data only. */

import type { RuleLanguage, TreeLanguage } from './hints/languages';
import type { HintRuleData, RuleExamples, RuleLines, Tier } from './hints/rule';

export { HINT_LANGUAGE_IDS as HINT_LANGUAGES, type HintLanguageId as HintLanguage } from './hints/languages';
export type { HintRuleData } from './hints/rule';

/** A hint rule as written in a note's front matter, after validation of its shape. */
export interface HintRuleSpec {
  id: string;
  tier: Tier;
  label: string;
  /** Anchor of a heading in the note that owns the rule. */
  section: string;
  queries: Partial<Record<TreeLanguage, string>>;
  sql?: string;
  examples: Partial<Record<RuleLanguage, RuleExamples>>;
  /** 1-based line of the rule in its note file. */
  line: number;
  lines: RuleLines;
}

/** The shipped form of a rule (see HintRuleData). */
export function toRuleData(noteId: string, h: HintRuleSpec): HintRuleData {
  return { id: h.id, noteId, tier: h.tier, label: h.label, section: h.section, queries: h.queries, ...(h.sql ? { sql: h.sql } : {}) };
}

/** One heading of a note and the text under it (up to the next heading of any level). */
export interface NoteSection {
  /** '' for the introduction before the first heading. */
  anchor: string;
  heading: string;
  level: number;
  /** 1-based line in the note file where the section starts. */
  line: number;
  /** Plain text of the section, for search. */
  text: string;
}

/** Where a note links to another note, for validation. */
export interface NoteLink {
  noteId: string;
  anchor: string;
  line: number;
}

export interface Note {
  id: string;
  file: string;
  title: string;
  summary: string;
  topic: string;
  order: number;
  tags: string[];
  related: string[];
  hints: HintRuleSpec[];
  /** Markdown after the front matter. */
  body: string;
  /** 1-based line of the file where the body starts. */
  bodyLine: number;
  sections: NoteSection[];
  links: NoteLink[];
  wordCount: number;
  /** 1-based line of each top-level front-matter field, for problems found later. */
  fieldLines: Record<string, number>;
  /** Things worth saying that do not stop the build (legacy rules that are skipped). */
  warnings: Problem[];
}

/** A precise complaint about a note file. */
export interface Problem {
  file: string;
  /** 1-based; 0 when the problem is about the file as a whole and no line applies. */
  line: number;
  message: string;
}

export type ParseResult = { ok: true; note: Note } | { ok: false; problems: Problem[] };

/** What the tree, search and reader need about a note, without its body. */
export interface NoteMeta {
  id: string;
  title: string;
  summary: string;
  topic: string;
  order: number;
  tags: string[];
  related: string[];
  sections: { anchor: string; heading: string; level: number }[];
}

/** Formats a problem the way compilers do, so terminals and editors make it a link. */
export function formatProblem(p: Problem): string {
  return p.line > 0 ? `${p.file}:${p.line}: ${p.message}` : `${p.file}: ${p.message}`;
}
