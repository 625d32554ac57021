import type { Node, Parser, Tree } from '@vscode/tree-sitter-wasm';
import type { GrammarLoader } from './grammars';
import { keysOf } from './keys';
import { grammarsOf, ruleLanguageOfGrammar, targetOfLanguageId, type Grammar, type TreeLanguage } from './languages';
import { compileQuery, type CompiledQuery, type EnginePredicate, type QueryProblem } from './query';
import { re2, re2Test } from './re2';
import type { Hint, HintRuleData } from './rule';
import { looksLikeSql, sqlStatements } from './sql';
import { enclosingFunction, isComment, isFunction, isInside, isStringLike, stringContent, STRING_KINDS, type InsideKind } from './syntax';

/**
 * The hint engine: compiles the rules of a grammar into one tree-sitter query, runs it over a
 * syntax tree, evaluates the engine's predicates, and runs SQL rules over `.sql` text and over
 * SQL-looking string literals. Returns every raw match; `presentHints` decides what shows.
 */

/** Thrown (and reported as "scan stopped") when a scan passes its deadline. */
export class ScanStopped extends Error {
  constructor(message = 'scan stopped at its deadline') {
    super(message);
    this.name = 'ScanStopped';
  }
}

/** A deadline on a clock; the clock is injectable so tests can stop a scan deterministically. */
export class Deadline {
  constructor(
    private readonly at: number = Infinity,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  static after(ms: number, clock: () => number = () => performance.now()): Deadline {
    return new Deadline(clock() + ms, clock);
  }

  expired(): boolean {
    return this.at !== Infinity && this.clock() >= this.at;
  }

  check(): void {
    if (this.expired()) throw new ScanStopped();
  }
}

const NO_DEADLINE = new Deadline();

/** One combined query and the rule of each of its patterns. */
export interface QueryPart {
  compiled: CompiledQuery;
  ruleOfPattern: HintRuleData[];
}

/** The compiled rules of one grammar. */
export interface GrammarRules {
  grammar: Grammar;
  /** Rules whose verdict depends only on the code around the match. */
  local: QueryPart | undefined;
  /**
   * Rules with #file-contains? or #function-contains? (which reads the whole file when the match
   * is in no function): any edit anywhere can change them, so a rescan runs them over the whole tree.
   */
  wholeFile: QueryPart | undefined;
  /** Rules that carry a SQL regex. */
  sqlRules: HintRuleData[];
  /** Rules whose query did not compile for this grammar (the build refuses these; kept for messages). */
  broken: { rule: HintRuleData; problems: QueryProblem[] }[];
}

const WHOLE_FILE_PREDICATES = ['file-contains?', 'not-file-contains?', 'function-contains?', 'not-function-contains?'];

export class HintEngine {
  private readonly prepared = new Map<Grammar, Promise<GrammarRules>>();
  readonly sqlRules: HintRuleData[];

  constructor(
    readonly rules: readonly HintRuleData[],
    readonly loader: GrammarLoader,
  ) {
    this.sqlRules = rules.filter((r) => r.sql !== undefined && r.sql !== '');
  }

  /** Compiles the grammar's rules once (loading the grammar on first use). */
  prepare(grammar: Grammar): Promise<GrammarRules> {
    let p = this.prepared.get(grammar);
    if (!p) {
      p = this.compile(grammar);
      p.catch(() => this.prepared.delete(grammar));
      this.prepared.set(grammar, p);
    }
    return p;
  }

  private async compile(grammar: Grammar): Promise<GrammarRules> {
    const ts = await this.loader.module();
    const language = await this.loader.language(grammar);
    const key: TreeLanguage = ruleLanguageOfGrammar(grammar);
    const withQuery = this.rules.filter((r) => r.queries?.[key] && grammarsOf(key).includes(grammar));
    const broken: GrammarRules['broken'] = [];
    // One query for all rules runs one walk over the tree. Each rule is first compiled alone, so
    // a rule that does not compile (a stale build) is left out instead of taking the others down.
    const good: HintRuleData[] = [];
    const patternCounts: number[] = [];
    const wholeFileRule: boolean[] = [];
    for (const rule of withQuery) {
      const one = compileQuery(ts, language, rule.queries[key]!);
      if (!one.ok) {
        broken.push({ rule, problems: one.problems });
        continue;
      }
      good.push(rule);
      patternCounts.push(one.compiled.patternCount);
      wholeFileRule.push(one.compiled.predicates.some((list) => list.some((p) => WHOLE_FILE_PREDICATES.includes(p.operator))));
      one.compiled.query.delete();
    }
    const whole = good.map((_, i) => i).filter((i) => wholeFileRule[i]);
    const local = good.map((_, i) => i).filter((i) => !wholeFileRule[i]);
    const part = (indexes: number[]): QueryPart | undefined => {
      if (!indexes.length) return undefined;
      const all = compileQuery(ts, language, indexes.map((i) => good[i].queries[key]!).join('\n'));
      if (!all.ok) throw new Error(`hint rules for ${grammar} compile one by one but not together: ${all.problems[0].message}`);
      const ruleOfPattern: HintRuleData[] = [];
      for (const i of indexes) for (let k = 0; k < patternCounts[i]; k++) ruleOfPattern.push(good[i]);
      return { compiled: all.compiled, ruleOfPattern };
    };
    return { grammar, local: part(local), wholeFile: part(whole), sqlRules: this.sqlRules, broken };
  }

  /** A parser for the grammar (one per document in the worker; parsers are cheap). */
  async parser(grammar: Grammar): Promise<Parser> {
    return this.loader.parser(grammar);
  }

  /** Loads the grammar and compiles the rules for a language id, so a scan's deadline covers scanning only. */
  async prepareLanguage(languageId: string): Promise<void> {
    const target = targetOfLanguageId(languageId);
    if (target?.grammar) await this.prepare(target.grammar);
  }

  /** Parses and scans a whole text (the command line, the examples, tests). */
  async scanText(text: string, languageId: string, deadline: Deadline = NO_DEADLINE): Promise<Hint[]> {
    const target = targetOfLanguageId(languageId);
    if (!target) return [];
    if (!target.grammar) return scanSql(text, this.sqlRules, deadline);
    const rules = await this.prepare(target.grammar);
    const parser = await this.parser(target.grammar);
    try {
      const tree = parseWithDeadline(parser, text, null, deadline);
      try {
        return scanTree(rules, tree, text, deadline);
      } finally {
        tree.delete();
      }
    } finally {
      parser.delete();
    }
  }
}

/** Parses (incrementally when `old` is given), stopping at the deadline. */
export function parseWithDeadline(parser: Parser, text: string, old: Tree | null, deadline: Deadline): Tree {
  deadline.check();
  let stopped = false;
  const tree = parser.parse(text, old, {
    progressCallback: () => {
      if (deadline.expired()) stopped = true;
      return stopped;
    },
  });
  if (stopped || !tree) {
    tree?.delete();
    parser.reset();
    throw new ScanStopped();
  }
  return tree;
}

/** What the predicates of one scan share: the text without comments, and cached answers. */
export class ScanContext {
  private stripped: string | undefined;
  /** Whole-file regex answers this scan needed (#file-contains?, #function-contains? at file level). */
  readonly fileAnswers = new Map<string, boolean>();
  private readonly functionAnswers = new Map<string, boolean>();

  constructor(
    readonly tree: Tree,
    readonly text: string,
  ) {}

  /** The text with every comment replaced by spaces (line breaks kept), so offsets still line up. */
  strippedText(): string {
    if (this.stripped === undefined) {
      const comments = this.tree.rootNode.descendantsOfType(['comment', 'line_comment', 'block_comment']);
      const parts: string[] = [];
      let at = 0;
      for (const c of comments) {
        if (!c || c.startIndex < at) continue;
        parts.push(this.text.slice(at, c.startIndex), this.text.slice(c.startIndex, c.endIndex).replace(/[^\n]/g, ' '));
        at = c.endIndex;
      }
      parts.push(this.text.slice(at));
      this.stripped = parts.join('');
    }
    return this.stripped;
  }

  fileContains(pattern: string): boolean {
    let v = this.fileAnswers.get(pattern);
    if (v === undefined) this.fileAnswers.set(pattern, (v = re2Test(pattern, this.strippedText())));
    return v;
  }

  private readonly functionOf = new Map<number, Node | null>();

  /** The innermost function around the node (not the node itself), memoised: many matches share one. */
  enclosingFunction(node: Node): Node | null {
    const seen: number[] = [];
    let found: Node | null = null;
    for (let p = node.parent; p; p = p.parent) {
      const known = this.functionOf.get(p.id);
      if (known !== undefined) {
        found = known;
        break;
      }
      if (isFunction(p)) {
        found = p;
        this.functionOf.set(p.id, p);
        break;
      }
      seen.push(p.id);
    }
    for (const id of seen) this.functionOf.set(id, found);
    return found;
  }

  functionContains(node: Node, pattern: string): boolean {
    const fn = isFunction(node) ? node : this.enclosingFunction(node);
    if (!fn) return this.fileContains(pattern);
    const key = `${fn.startIndex}:${fn.endIndex}:${pattern}`;
    let v = this.functionAnswers.get(key);
    if (v === undefined) {
      const code = this.strippedText().slice(fn.startIndex, fn.endIndex);
      this.functionAnswers.set(key, (v = re2(pattern).matcher(code).find()));
    }
    return v;
  }
}

function evaluate(pred: EnginePredicate, nodes: Node[], ctx: ScanContext): boolean {
  const { operator, args } = pred;
  const negated = operator.startsWith('not-');
  const base = negated ? operator.slice(4) : operator;
  let hit: boolean;
  switch (base) {
    case 'match?':
      // As tree-sitter's own #match?: every captured node must match; no node means no match.
      if (nodes.length === 0) return negated;
      return negated ? nodes.every((n) => !re2Test(args[0], n.text)) : nodes.every((n) => re2Test(args[0], n.text));
    case 'has-key?':
      hit = nodes.some((n) => {
        const keys = keysOf(n);
        return args.some((a) => keys.has(a));
      });
      break;
    case 'inside?':
      hit = nodes.some((n) => args.some((a) => isInside(n, a as InsideKind)));
      break;
    case 'function-contains?':
      hit = nodes.some((n) => args.some((a) => ctx.functionContains(n, a)));
      break;
    case 'file-contains?':
      hit = args.some((a) => ctx.fileContains(a));
      break;
    default:
      return false;
  }
  return negated ? !hit : hit;
}

function hintAt(rule: HintRuleData, node: Node, scope: Node | null): Hint {
  const s = node.startPosition;
  const e = node.endPosition;
  return {
    ruleId: rule.id,
    noteId: rule.noteId,
    section: rule.section,
    tier: rule.tier,
    label: rule.label,
    line: s.row,
    column: s.column,
    endLine: e.row,
    endColumn: e.column,
    start: node.startIndex,
    end: node.endIndex,
    scope: scope?.startIndex ?? -1,
  };
}

/** True when the node is, or is inside, a comment or a string literal. */
function inCommentOrString(node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parent) {
    if (isComment(n.type) || isStringLike(n.type)) return true;
  }
  return false;
}

/** Which of a grammar's rules a scan runs. */
export type RuleScope = 'all' | 'local' | 'wholeFile';

/**
 * Every raw match of the grammar's rules in the tree (or in `range` of it), in document order.
 * `scope` picks the local rules (with SQL), the whole-file rules, or both.
 */
export function scanTree(
  rules: GrammarRules,
  tree: Tree,
  text: string,
  deadline: Deadline = NO_DEADLINE,
  range?: { startIndex: number; endIndex: number },
  scope: RuleScope = 'all',
  ctx: ScanContext = new ScanContext(tree, text),
): Hint[] {
  deadline.check();
  const out: Hint[] = [];
  if (scope !== 'wholeFile' && rules.local) runPart(rules.local, tree, ctx, deadline, out, range);
  if (scope !== 'local' && rules.wholeFile) runPart(rules.wholeFile, tree, ctx, deadline, out, range);
  if (scope !== 'wholeFile' && rules.sqlRules.length) scanSqlStrings(rules.sqlRules, tree, text, deadline, out, range);
  return sortHints(dedupe(out));
}

function runPart(part: QueryPart, tree: Tree, ctx: ScanContext, deadline: Deadline, out: Hint[], range?: { startIndex: number; endIndex: number }): void {
  const { query, predicates } = part.compiled;
  let stopped = false;
  const matches = query.matches(tree.rootNode, {
    // The runtime parses UTF-16 and a query's index range is in bytes of it: two per code unit.
    ...(range ? { startIndex: range.startIndex * 2, endIndex: range.endIndex * 2 } : {}),
    progressCallback: () => {
      if (deadline.expired()) stopped = true;
      return stopped;
    },
  });
  if (stopped) throw new ScanStopped();
  let n = 0;
  for (const m of matches) {
    if ((++n & 63) === 0) deadline.check();
    const hint = m.captures.find((c) => c.name === 'hint')?.node;
    if (!hint) continue;
    let ok = true;
    for (const pred of predicates[m.patternIndex]) {
      const nodes = m.captures.filter((c) => c.name === pred.capture).map((c) => c.node);
      if (!evaluate(pred, nodes, ctx)) {
        ok = false;
        break;
      }
    }
    // Comments and strings are never code: a match that marks one (or a node inside one) is dropped.
    if (ok && !inCommentOrString(hint)) out.push(hintAt(part.ruleOfPattern[m.patternIndex], hint, ctx.enclosingFunction(hint)));
  }
}

/** SQL rules over string literals whose content starts with a SQL keyword. */
function scanSqlStrings(sqlRules: readonly HintRuleData[], tree: Tree, text: string, deadline: Deadline, out: Hint[], range?: { startIndex: number; endIndex: number }): void {
  const from = range ? tree.rootNode.descendantForIndex(range.startIndex) : null;
  const to = range ? tree.rootNode.descendantForIndex(Math.max(range.startIndex, range.endIndex - 1)) : null;
  // Whole rows, so the columns' unit does not matter; strings outside the range are skipped below.
  const strings = from && to
    ? tree.rootNode.descendantsOfType([...STRING_KINDS], { row: from.startPosition.row, column: 0 }, { row: to.endPosition.row + 1, column: 0 })
    : tree.rootNode.descendantsOfType([...STRING_KINDS]);
  let n = 0;
  for (const s of strings) {
    if (!s) continue;
    if (range && (s.endIndex <= range.startIndex || s.startIndex >= range.endIndex)) continue;
    if ((++n & 63) === 0) deadline.check();
    // Look at the opening of the literal first, from the document: most strings are not SQL, and
    // a 10 MB literal is not copied to find that out.
    if (!looksLikeSql(text.slice(s.startIndex, s.startIndex + 240).replace(/^[A-Za-z@$]*(?:"""|'''|"|'|`)/, ''))) continue;
    const content = stringContent(s).text;
    if (!looksLikeSql(content)) continue;
    const statements = sqlStatements(content);
    for (const rule of sqlRules) {
      if (statements.some((st) => re2Test(rule.sql!, st.text, true))) out.push(hintAt(rule, s, enclosingFunction(s)));
    }
  }
}

/** Offset to line/column lookups. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: offset - this.starts[lo] };
  }
}

/** SQL rules over a `.sql` file: one hint per rule per matching statement, at the statement's start. */
export function scanSql(text: string, sqlRules: readonly HintRuleData[], deadline: Deadline = NO_DEADLINE): Hint[] {
  deadline.check();
  if (!sqlRules.length) return [];
  const lines = new LineIndex(text);
  const out: Hint[] = [];
  let n = 0;
  for (const st of sqlStatements(text)) {
    if ((++n & 31) === 0) deadline.check();
    for (const rule of sqlRules) {
      if (!re2Test(rule.sql!, st.text, true)) continue;
      const s = lines.position(st.start);
      const e = lines.position(st.end);
      out.push({
        ruleId: rule.id, noteId: rule.noteId, section: rule.section, tier: rule.tier, label: rule.label,
        line: s.line, column: s.column, endLine: e.line, endColumn: e.column, start: st.start, end: st.end, scope: -1,
      });
    }
  }
  return sortHints(out);
}

/** One hint per rule per start offset (a query's patterns may find the same node twice). */
export function dedupe(hints: Hint[]): Hint[] {
  const seen = new Set<string>();
  return hints.filter((h) => {
    const k = `${h.ruleId}@${h.start}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function sortHints(hints: Hint[]): Hint[] {
  return hints.sort((a, b) => a.start - b.start || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}
