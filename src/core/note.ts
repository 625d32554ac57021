/** The Note model shared by the build step, the extension and the tests. Plain data only. */

/** VS Code language ids a hint rule may name. */
export const HINT_LANGUAGES = [
  'typescript',
  'typescriptreact',
  'javascript',
  'javascriptreact',
  'python',
  'go',
  'java',
  'csharp',
  'sql',
] as const;
export type HintLanguage = (typeof HINT_LANGUAGES)[number];

/** A hint rule as written in a note's front matter, after validation. */
export interface HintRuleSpec {
  id: string;
  label: string;
  /** Anchor of a heading in the note that owns the rule. */
  section: string;
  languages: HintLanguage[];
  pattern: string;
  flags: string;
  examples: { match: string[]; noMatch: string[] };
  /** 1-based line of the rule in its note file. */
  line: number;
}

/** A rule ready to ship: the spec plus the note it opens. */
export interface HintRuleData {
  id: string;
  noteId: string;
  label: string;
  section: string;
  languages: HintLanguage[];
  pattern: string;
  flags: string;
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
