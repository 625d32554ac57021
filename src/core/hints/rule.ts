import type { RuleLanguage, TreeLanguage } from './languages';

/** Hint tiers: `concept` links code to the section that explains it; `risk` warns. */
export const TIERS = ['risk', 'concept'] as const;
export type Tier = (typeof TIERS)[number];

/** A hint rule as shipped in the knowledge base (no examples). */
export interface HintRuleData {
  id: string;
  noteId: string;
  tier: Tier;
  label: string;
  section: string;
  /** Tree-sitter query source per language key. */
  queries: Partial<Record<TreeLanguage, string>>;
  /** The SQL rule: one RE2 regex matched (case-insensitively) against each SQL statement. */
  sql?: string;
}

/** Where a problem in a rule's query or examples is written in the note, for messages. */
export interface RuleLines {
  /** 1-based line of the rule (its `- id:` line). */
  rule: number;
  /** 1-based line of the first line of each query's text (the line after `typescript: |`). */
  query: Partial<Record<RuleLanguage, number>>;
  /** 1-based line of each example, per language and kind. */
  examples: Partial<Record<RuleLanguage, { match: number[]; noMatch: number[] }>>;
}

export interface RuleExamples {
  match: string[];
  noMatch: string[];
}

/** Which hints a user sees: every hint, or only risks (setting `engineeringNotes.hints.show`). */
export type ShowSetting = 'all' | 'risks';

/** One place a rule matched. Lines and columns are 0-based, columns in UTF-16 code units. */
export interface Hint {
  ruleId: string;
  noteId: string;
  section: string;
  tier: Tier;
  label: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** UTF-16 offsets of the hint's start and end in the document. */
  start: number;
  end: number;
  /**
   * Start offset of the innermost function around the hint (-1 at file level): concept hints
   * show once per rule per function.
   */
  scope: number;
}
