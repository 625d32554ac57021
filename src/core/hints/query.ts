import type { Language, Query, QueryPredicate } from '@vscode/tree-sitter-wasm';
import { re2Problem } from './re2';
import { INSIDE_KINDS, isComment } from './syntax';

/**
 * Checks and compiles a rule's tree-sitter query. The runtime's own `#match?` runs JavaScript
 * regular expressions, so `#match?`/`#not-match?` are renamed (same length, so error offsets stay
 * right) before the runtime sees them and are run on RE2 by the engine instead.
 */

/** Predicates the runtime evaluates itself (plain string comparisons). */
const RUNTIME_PREDICATES = ['eq?', 'not-eq?', 'any-of?', 'not-any-of?'];
/** Predicates the engine evaluates. Regex-taking ones are marked. */
export const ENGINE_PREDICATES: Record<string, { regex: boolean }> = {
  'match?': { regex: true },
  'not-match?': { regex: true },
  'has-key?': { regex: false },
  'not-has-key?': { regex: false },
  'inside?': { regex: false },
  'not-inside?': { regex: false },
  'function-contains?': { regex: true },
  'not-function-contains?': { regex: true },
  'file-contains?': { regex: true },
  'not-file-contains?': { regex: true },
};
export const KNOWN_PREDICATES = [...RUNTIME_PREDICATES, ...Object.keys(ENGINE_PREDICATES)];

/** The names the engine's regex predicates carry inside the compiled query. */
const RENAMED: Record<string, string> = { 'match?': 'Match?', 'not-match?': 'not-Match?' };
const UNRENAMED: Record<string, string> = { 'Match?': 'match?', 'not-Match?': 'not-match?' };

/** A problem in a query, at a 0-based offset of its source. */
export interface QueryProblem {
  offset: number;
  message: string;
}

/** One top-level pattern of a query source, as written. */
interface PatternSpan {
  start: number;
  end: number;
  captures: Set<string>;
}

/** A predicate the engine runs, with its operands resolved. */
export interface EnginePredicate {
  operator: string;
  capture: string;
  args: string[];
}

export interface CompiledQuery {
  query: Query;
  /** Per pattern: the predicates the engine evaluates. */
  predicates: EnginePredicate[][];
  patternCount: number;
}

/**
 * Reads the query source: renames the regex predicates, lists the top-level patterns with their
 * captures, and reports unknown predicates and comment node types.
 */
export function analyseQuery(source: string): { rewritten: string; patterns: PatternSpan[]; problems: QueryProblem[] } {
  const problems: QueryProblem[] = [];
  const patterns: PatternSpan[] = [];
  let out = '';
  let depth = 0;
  let current: PatternSpan | undefined;
  const n = source.length;
  let i = 0;
  const startPattern = (at: number) => {
    current = { start: at, end: at, captures: new Set() };
    patterns.push(current);
  };
  while (i < n) {
    const c = source[i];
    if (c === ';') {
      const nl = source.indexOf('\n', i);
      const to = nl === -1 ? n : nl;
      out += source.slice(i, to);
      i = to;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < n && source[j] !== '"') j += source[j] === '\\' ? 2 : 1;
      if (depth === 0) startPattern(i);
      out += source.slice(i, j + 1);
      i = j + 1;
      if (current) current.end = i;
      continue;
    }
    if (c === '(' || c === '[') {
      if (depth === 0 && c === '(' && /^\(\s*#/.test(source.slice(i, i + 40))) {
        // tree-sitter reads a top-level predicate as a pattern of its own, not as part of the one before.
        problems.push({ offset: i, message: 'a predicate must be inside the parentheses of its pattern: write ((node) @hint (#pred? @hint ...))' });
      }
      if (depth === 0) startPattern(i);
      depth++;
      out += c;
      i++;
      const word = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(source.slice(i, i + 80));
      if (c === '(' && word && isComment(word[1])) {
        problems.push({ offset: i, message: `query matches a "${word[1]}" node; comments are never code, so a rule may not match them` });
      }
      continue;
    }
    if (c === ')' || c === ']') {
      depth = Math.max(0, depth - 1);
      out += c;
      i++;
      if (current) current.end = i;
      continue;
    }
    if (c === '@') {
      const m = /^@([A-Za-z0-9_.-]+)/.exec(source.slice(i, i + 120));
      if (m) {
        current?.captures.add(m[1]);
        out += m[0];
        i += m[0].length;
        if (current) current.end = i;
        continue;
      }
    }
    if (c === '#') {
      const m = /^#([A-Za-z0-9_?!-]+)/.exec(source.slice(i, i + 120));
      if (m) {
        const name = m[1];
        if (!KNOWN_PREDICATES.includes(name)) {
          problems.push({ offset: i, message: `unknown predicate "#${name}" (known: ${KNOWN_PREDICATES.map((p) => '#' + p).join(', ')})` });
        }
        out += '#' + (RENAMED[name] ?? name);
        i += m[0].length;
        continue;
      }
    }
    if (depth === 0 && c === '_' ) startPattern(i);
    out += c;
    i++;
  }
  return { rewritten: out, patterns, problems };
}

/** Compiles a query for a grammar, or returns every problem found in it. */
export function compileQuery(ts: { Query: new (lang: Language, source: string) => Query }, language: Language, source: string): { ok: true; compiled: CompiledQuery } | { ok: false; problems: QueryProblem[] } {
  const { rewritten, patterns, problems } = analyseQuery(source);
  if (problems.length) return { ok: false, problems };
  let query: Query;
  try {
    query = new ts.Query(language, rewritten);
  } catch (e) {
    const err = e as { message?: string; index?: number };
    return { ok: false, problems: [{ offset: typeof err.index === 'number' ? err.index : 0, message: `query does not compile: ${err.message ?? String(e)}` }] };
  }
  const count = query.predicates.length;
  if (count !== patterns.length) {
    query.delete();
    return { ok: false, problems: [{ offset: 0, message: `query has ${count} patterns but ${patterns.length} could be read from its text; write each pattern as one parenthesised form` }] };
  }
  const predicates: EnginePredicate[][] = [];
  for (let p = 0; p < count; p++) {
    const span = patterns[p];
    if (!span.captures.has('hint')) problems.push({ offset: span.start, message: 'pattern does not capture @hint (the node the hint marks)' });
    const list: EnginePredicate[] = [];
    for (const pred of query.predicates[p] as QueryPredicate[]) {
      const operator = UNRENAMED[pred.operator] ?? pred.operator;
      const [first, ...rest] = pred.operands;
      if (!ENGINE_PREDICATES[operator]) {
        problems.push({ offset: span.start, message: `unknown predicate "#${operator}"` });
        continue;
      }
      if (!first || first.type !== 'capture') {
        problems.push({ offset: span.start, message: `#${operator} needs a capture as its first argument` });
        continue;
      }
      if (!span.captures.has(first.name)) {
        problems.push({ offset: span.start, message: `#${operator} names capture @${first.name}, which this pattern does not define` });
        continue;
      }
      if (rest.length === 0 || rest.some((r) => r.type !== 'string')) {
        problems.push({ offset: span.start, message: `#${operator} needs one or more strings after @${first.name}` });
        continue;
      }
      const args = rest.map((r) => (r as { value: string }).value);
      if (ENGINE_PREDICATES[operator].regex) {
        if ((operator === 'match?' || operator === 'not-match?') && args.length !== 1) {
          problems.push({ offset: span.start, message: `#${operator} takes one regular expression` });
          continue;
        }
        for (const a of args) {
          const why = re2Problem(a);
          if (why) problems.push({ offset: span.start, message: `#${operator}: ${why}` });
        }
      }
      if (operator === 'inside?' || operator === 'not-inside?') {
        for (const a of args) {
          if (!(INSIDE_KINDS as readonly string[]).includes(a)) problems.push({ offset: span.start, message: `#${operator}: unknown kind "${a}" (known: ${INSIDE_KINDS.join(', ')})` });
        }
      }
      list.push({ operator, capture: first.name, args });
    }
    predicates.push(list);
  }
  if (problems.length) {
    query.delete();
    return { ok: false, problems };
  }
  return { ok: true, compiled: { query, predicates, patternCount: count } };
}

/** 0-based line of an offset in a text. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
