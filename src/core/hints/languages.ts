/**
 * Which grammar parses which file, and which rule key covers it. Rules are written per language key
 * (`typescript`, `python`, ...); a document is parsed with one grammar of @vscode/tree-sitter-wasm.
 */

/** Language keys a rule's `query` and `examples` may use. */
export const RULE_LANGUAGES = ['typescript', 'python', 'go', 'java', 'csharp', 'sql'] as const;
export type RuleLanguage = (typeof RULE_LANGUAGES)[number];
/** Rule languages that have a grammar (everything but SQL). */
export type TreeLanguage = Exclude<RuleLanguage, 'sql'>;

/** Grammar names as the wasm files spell them: `tree-sitter-<name>.wasm`. */
export const GRAMMARS = ['typescript', 'tsx', 'python', 'go', 'java', 'c-sharp'] as const;
export type Grammar = (typeof GRAMMARS)[number];

/** How a document is scanned: the rule key whose rules apply, and the grammar (none for SQL). */
export interface ScanTarget {
  rules: RuleLanguage;
  grammar: Grammar | undefined;
}

/** VS Code language ids that get hints. */
export const HINT_LANGUAGE_IDS = [
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
export type HintLanguageId = (typeof HINT_LANGUAGE_IDS)[number];

const BY_LANGUAGE_ID: Record<HintLanguageId, ScanTarget> = {
  typescript: { rules: 'typescript', grammar: 'typescript' },
  // JavaScript and JSX parse with the TSX grammar: it accepts both, and type annotations too.
  typescriptreact: { rules: 'typescript', grammar: 'tsx' },
  javascript: { rules: 'typescript', grammar: 'tsx' },
  javascriptreact: { rules: 'typescript', grammar: 'tsx' },
  python: { rules: 'python', grammar: 'python' },
  go: { rules: 'go', grammar: 'go' },
  java: { rules: 'java', grammar: 'java' },
  csharp: { rules: 'csharp', grammar: 'c-sharp' },
  sql: { rules: 'sql', grammar: undefined },
};

const BY_EXTENSION: Record<string, HintLanguageId> = {
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'typescriptreact',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascriptreact',
  '.py': 'python',
  '.pyi': 'python',
  '.go': 'go',
  '.java': 'java',
  '.cs': 'csharp',
  '.sql': 'sql',
};

export function targetOfLanguageId(languageId: string): ScanTarget | undefined {
  return Object.prototype.hasOwnProperty.call(BY_LANGUAGE_ID, languageId) ? BY_LANGUAGE_ID[languageId as HintLanguageId] : undefined;
}

/** The VS Code language id of a file name, from its extension; undefined when hints do not cover it. */
export function languageIdOfPath(path: string): HintLanguageId | undefined {
  const m = /\.[^./\\]+$/.exec(path);
  if (!m) return undefined;
  const ext = m[0].toLowerCase();
  return Object.prototype.hasOwnProperty.call(BY_EXTENSION, ext) ? BY_EXTENSION[ext] : undefined;
}

/** The grammars a rule key's queries are compiled for (TypeScript queries run on both TS and TSX). */
export function grammarsOf(language: TreeLanguage): Grammar[] {
  switch (language) {
    case 'typescript':
      return ['typescript', 'tsx'];
    case 'csharp':
      return ['c-sharp'];
    default:
      return [language];
  }
}

export function ruleLanguageOfGrammar(grammar: Grammar): TreeLanguage {
  if (grammar === 'tsx') return 'typescript';
  if (grammar === 'c-sharp') return 'csharp';
  return grammar;
}
