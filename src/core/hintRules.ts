import { prefilterOf, tunedPattern, type AnchorLeaf, type AnchorOption, type AnchorPlan, type Prefilter } from './hintPrefilter';
import { LiteralSearch, type Occurrences } from './literalSearch';
import type { HintRuleData } from './note';

/**
 * Hint rules: compile the shipped rule data once, then scan document text for matches.
 * Works on plain strings and offsets; the CodeLens adapter turns offsets into ranges.
 */

export const ALLOWED_FLAGS = 'imsu';

/** One place a rule matched. Offsets are UTF-16 code units into the scanned text. */
export interface HintMatch {
  ruleId: string;
  noteId: string;
  section: string;
  label: string;
  start: number;
  end: number;
  /** 0-based line of `start`. */
  line: number;
}

export interface ScanOptions {
  /** At most this many matches in the whole text (after the nearby filter). */
  maxPerFile?: number;
  /** A rule that matched within this many lines above is not shown again. */
  nearbyLines?: number;
  /** Stop scanning (and report `truncated`) once this much time has gone. */
  budgetMs?: number;
}

export interface ScanResult {
  matches: HintMatch[];
  /** True when the time budget stopped the scan before every rule ran. */
  truncated: boolean;
}

export const DEFAULT_SCAN_OPTIONS: Required<ScanOptions> = { maxPerFile: 10, nearbyLines: 20, budgetMs: 50 };

/**
 * Why a pattern cannot be a hint rule, or undefined when it can. Refuses what the scanner cannot
 * run safely or predictably: bad flags, back-references and named groups.
 */
export function patternProblem(pattern: string, flags: string): string | undefined {
  for (const f of flags) {
    if (!ALLOWED_FLAGS.includes(f)) return `flag "${f}" is not allowed (use any of "${ALLOWED_FLAGS}")`;
  }
  if (new Set(flags).size !== flags.length) return `flags "${flags}" repeat a flag`;
  try {
    new RegExp(pattern, flags);
  } catch (e) {
    return `pattern does not compile: ${(e as Error).message}`;
  }
  if (/\\[1-9]|\\k</.test(stripClasses(pattern))) return 'pattern uses a back-reference';
  if (/\(\?<(?![=!])/.test(stripClasses(pattern))) return 'pattern uses a named group';
  if (new RegExp(pattern, flags).test('')) return 'pattern matches the empty string';
  return undefined;
}

/** The pattern with escaped characters and character classes blanked, so syntax checks see structure only. */
function stripClasses(pattern: string): string {
  return pattern.replace(/\\\\/g, '__').replace(/\[(?:\\.|[^\]\\])*\]/g, '_');
}

interface CompiledRule {
  data: HintRuleData;
  /** The rule as written, global: the reference scan. */
  re: RegExp;
}

/** A rule ready for the fast scan. */
interface FastRule {
  data: HintRuleData;
  /** The pattern tuned for speed (same matches, see `tunedPattern`), global. */
  fast: RegExp;
  /** The same, sticky: tried only where the prefilter says a match may start. */
  sticky: RegExp;
  prefilter: Prefilter | undefined;
}

/** What the fast scan needs for one language, built on its first scan. */
interface LanguagePlan {
  rules: FastRule[];
  /** All anchor literals of the language's rules; a leaf's literal id is `leafIds.get(leaf)`. */
  search: LiteralSearch | undefined;
  leafIds: Map<AnchorLeaf, number>;
}

/**
 * Compiled rules grouped by language. `scan` runs each rule of the document's language over the
 * text and applies the presentation limits.
 *
 * `matchAll` finds exactly what `naiveMatchAll` finds (each rule's global regex run over the whole
 * text), in the same order. It finds every rule's anchor literals in one pass over the text, then
 * tries each rule only in the short windows where a match can start (see hintPrefilter.ts),
 * choosing per file the cheapest anchors. A test proves the two agree on the real rules.
 */
export class HintScanner {
  private readonly byLanguage = new Map<string, CompiledRule[]>();
  private readonly plans = new Map<string, LanguagePlan>();
  /** Fast forms, shared by the languages a rule covers. */
  private readonly fastRules = new Map<CompiledRule, FastRule>();
  readonly ruleCount: number;

  constructor(rules: readonly HintRuleData[]) {
    for (const data of rules) {
      const compiled: CompiledRule = { data, re: new RegExp(data.pattern, data.flags + 'g') };
      for (const lang of data.languages) {
        let list = this.byLanguage.get(lang);
        if (!list) this.byLanguage.set(lang, (list = []));
        list.push(compiled);
      }
    }
    this.ruleCount = rules.length;
  }

  /** Language ids that have at least one rule. */
  languages(): string[] {
    return [...this.byLanguage.keys()];
  }

  /** Every raw match of every rule for the language, in document order (no limits applied). */
  matchAll(text: string, languageId: string, deadline = Infinity): ScanResult {
    const rules = this.byLanguage.get(languageId);
    if (!rules) return { matches: [], truncated: false };
    const plan = this.planFor(languageId, rules);
    const found = plan.search?.findAll(text) ?? NO_OCCURRENCES;
    return collect(text, plan.rules, deadline, (rule, add) => {
      const windows = rule.prefilter && windowsOf(rule.prefilter, plan.leafIds, found, text);
      if (windows) scanWindows(rule, rule.prefilter!.first, windows, text, add);
      else scanFrom(rule.data, rule.fast, 0, text, add);
    });
  }

  /**
   * The reference scan: each rule's regex over the whole text, one after the other. Same result
   * as `matchAll`, only slower; kept for the equivalence test and the benchmark.
   */
  naiveMatchAll(text: string, languageId: string, deadline = Infinity): ScanResult {
    const rules = this.byLanguage.get(languageId);
    if (!rules) return { matches: [], truncated: false };
    return collect(text, rules, deadline, (rule, add) => scanFrom(rule.data, rule.re, 0, text, add));
  }

  /** Matches to show: one per rule per nearby block, at most `maxPerFile`, within the time budget. */
  scan(text: string, languageId: string, options: ScanOptions = {}): ScanResult {
    const opts = { ...DEFAULT_SCAN_OPTIONS, ...options };
    // The budget is for scanning this text. Building the language's plan is a one-off cost that
    // does not grow with the document (about 7 ms warm, over 60 ms on a cold start); counting it
    // against the budget made a first scan on a busy machine stop before any rule ran.
    this.prepare(languageId);
    const { matches, truncated } = this.matchAll(text, languageId, performance.now() + opts.budgetMs);
    return { matches: limitMatches(matches, opts.nearbyLines, opts.maxPerFile), truncated };
  }

  /** Builds the scan plan of a language now, so a later scan does not pay for it. */
  prepare(languageId: string): void {
    const rules = this.byLanguage.get(languageId);
    if (rules) this.planFor(languageId, rules);
  }

  private planFor(languageId: string, rules: CompiledRule[]): LanguagePlan {
    let plan = this.plans.get(languageId);
    if (plan) return plan;
    const entries = rules.map((rule): FastRule => {
      let fast = this.fastRules.get(rule);
      if (!fast) {
        const { data } = rule;
        const pattern = tunedPattern(data.pattern, data.flags);
        fast = { data, fast: new RegExp(pattern, data.flags + 'g'), sticky: new RegExp(pattern, data.flags + 'y'), prefilter: prefilterOf(data.pattern, data.flags) };
        this.fastRules.set(rule, fast);
      }
      return fast;
    });
    const leafIds = new Map<AnchorLeaf, number>();
    // One id per literal as folded: "ON" and "on" are found by the same automaton state.
    const byFolded = new Map<string, number>();
    for (const { prefilter } of entries) {
      for (const leaf of prefilter?.leaves ?? []) {
        const folded = leaf.literal.toLowerCase();
        let id = byFolded.get(folded);
        if (id === undefined) byFolded.set(folded, (id = byFolded.size));
        leafIds.set(leaf, id);
      }
    }
    const literals = [...byFolded.keys()];
    plan = { rules: entries, search: literals.length ? new LiteralSearch(literals) : undefined, leafIds };
    this.plans.set(languageId, plan);
    return plan;
  }
}

type AddMatch = (rule: HintRuleData, start: number, end: number) => void;

/** Runs `scanRule` for each rule until the deadline, then puts the matches in document order. */
function collect<T extends { data: HintRuleData }>(
  text: string,
  rules: readonly T[],
  deadline: number,
  scanRule: (rule: T, add: AddMatch) => void,
): ScanResult {
  const lines = new LineIndex(text);
  const matches: HintMatch[] = [];
  const add: AddMatch = (rule, start, end) =>
    matches.push({ ruleId: rule.id, noteId: rule.noteId, section: rule.section, label: rule.label, start, end, line: lines.lineAt(start) });
  let truncated = false;
  for (const rule of rules) {
    if (performance.now() > deadline) {
      truncated = true;
      break;
    }
    scanRule(rule, add);
  }
  matches.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  return { matches, truncated };
}

/** The plain scan of one rule from `from`: its global regex, as JavaScript's own matchAll runs it. */
function scanFrom(data: HintRuleData, re: RegExp, from: number, text: string, add: AddMatch): void {
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    // After an empty match, step over a whole code point for /u: stepping into a surrogate pair
    // would make the regex start at the pair again and loop forever.
    if (m[0].length === 0) re.lastIndex += re.unicode && isSurrogatePairAt(text, re.lastIndex) ? 2 : 1;
    add(data, m.index, m.index + m[0].length);
  }
}

function isSurrogatePairAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && isTrailSurrogate(text, i + 1);
}

/** Estimated cost of trying a rule near every occurrence of a leaf's literal. */
function leafCost(leaf: AnchorLeaf, occurrences: number): number {
  return occurrences * (4 + Math.min(leaf.maxBefore, 256) / 8);
}

/** Above this many estimated steps per character of text, the plain scan is the better choice. */
const PLAIN_SCAN_COST_PER_CHAR = 0.25;

const NO_WINDOWS = new Int32Array(0);
const NO_OCCURRENCES: Occurrences = { offsets: new Int32Array(0), begin: new Int32Array(1) };

/**
 * The windows [start, end] where a match of the rule can start, in text order and merged, using
 * the cheapest anchors for this text; or undefined when the plain scan is cheaper.
 */
function windowsOf(prefilter: Prefilter, leafIds: ReadonlyMap<AnchorLeaf, number>, found: Occurrences, text: string): Int32Array | undefined {
  const count = (leaf: AnchorLeaf) => {
    const id = leafIds.get(leaf)!;
    return found.begin[id + 1] - found.begin[id];
  };
  const chosen: AnchorLeaf[] = [];
  const costOf = (plan: AnchorPlan, pick: boolean): number => {
    let total = 0;
    for (const alt of plan) {
      let best = Infinity;
      let bestOption: AnchorOption | undefined;
      for (const option of alt.options) {
        const cost = 'leaf' in option ? leafCost(option.leaf, count(option.leaf)) : costOf(option.plan, false);
        if (cost < best) [best, bestOption] = [cost, option];
      }
      if (pick && bestOption) {
        if ('leaf' in bestOption) chosen.push(bestOption.leaf);
        else costOf(bestOption.plan, true);
      }
      total += best;
    }
    return total;
  };
  const cost = costOf(prefilter.plan, false);
  if (cost === 0) return NO_WINDOWS; // the literals it needs do not occur: it cannot match
  if (cost > text.length * PLAIN_SCAN_COST_PER_CHAR) return undefined;
  costOf(prefilter.plan, true);

  const starts: number[] = [];
  const ends: number[] = [];
  for (const leaf of chosen) {
    const id = leafIds.get(leaf)!;
    leafWindows(leaf, found.offsets.subarray(found.begin[id], found.begin[id + 1]), text, starts, ends);
  }
  const order = starts.map((_, i) => i);
  if (chosen.length > 1 || starts.some((s, i) => i > 0 && s < starts[i - 1])) order.sort((x, y) => starts[x] - starts[y] || ends[x] - ends[y]);
  const merged: number[] = [];
  for (const i of order) {
    const last = merged.length - 1;
    if (last > 0 && starts[i] <= merged[last] + 1) merged[last] = Math.max(merged[last], ends[i]);
    else merged.push(starts[i], ends[i]);
  }
  return Int32Array.from(merged);
}

/**
 * For every occurrence of the leaf's literal, the window of offsets where a match consuming that
 * occurrence can start: back from the occurrence over at most `maxBefore` allowed characters.
 */
function leafWindows(leaf: AnchorLeaf, occurrences: Int32Array, text: string, starts: number[], ends: number[]): void {
  const { maxBefore, before, literal, foldCase } = leaf;
  const unbounded = maxBefore === Infinity;
  // For unbounded prefixes, the previous occurrence's run: reaching it means sharing its start.
  let runStart = -1;
  let runEnd = -1;
  for (const o of occurrences) {
    if (!foldCase && !text.startsWith(literal, o)) continue;
    const limit = unbounded ? 0 : Math.max(0, o - maxBefore);
    let s = o;
    while (s > limit) {
      if (unbounded && s === runEnd) {
        s = runStart;
        break;
      }
      const c = text.charCodeAt(s - 1);
      if (c < 128 && before[c] === 0) break;
      s--;
    }
    if (unbounded) [runStart, runEnd] = [s, o];
    starts.push(s);
    ends.push(o);
  }
}

/**
 * One rule, tried only in the windows (pairs of [start, end] offsets, sorted and disjoint). Each
 * offset is tried at most once and in text order, so the first match found from any offset is the
 * one the global regex would have found from there.
 */
function scanWindows(rule: FastRule, first: Uint8Array, windows: Int32Array, text: string, add: AddMatch): void {
  const sticky = rule.sticky;
  const unicode = sticky.unicode;
  let next = 0; // the global regex's lastIndex: no match can start before it
  for (let w = 0; w < windows.length; w += 2) {
    const b = windows[w + 1];
    if (b < next) continue;
    for (let p = Math.max(windows[w], next); p <= b; p++) {
      const c = text.charCodeAt(p);
      if (c < 128 && first[c] === 0) continue;
      if (unicode && p > next && isTrailSurrogate(text, p)) continue;
      sticky.lastIndex = p;
      const m = sticky.exec(text);
      if (!m) continue;
      if (m.index !== p || m[0].length === 0) {
        // Outside what the windows are proven for: finish this rule the plain way from here.
        scanFrom(rule.data, rule.fast, p, text, add);
        return;
      }
      add(rule.data, p, p + m[0].length);
      next = p + m[0].length;
      p = next - 1;
    }
  }
}

/** True when offset `p` is the second half of a surrogate pair (a /u regex never starts there). */
function isTrailSurrogate(text: string, p: number): boolean {
  const c = text.charCodeAt(p);
  if (c < 0xdc00 || c > 0xdfff) return false;
  const prev = text.charCodeAt(p - 1);
  return prev >= 0xd800 && prev <= 0xdbff;
}

/** Keeps the first match of each rule per block of `nearbyLines`, then the first `max` overall. */
export function limitMatches(sorted: readonly HintMatch[], nearbyLines: number, max: number): HintMatch[] {
  const lastLine = new Map<string, number>();
  const kept: HintMatch[] = [];
  for (const m of sorted) {
    if (kept.length >= max) break;
    const prev = lastLine.get(m.ruleId);
    if (prev !== undefined && m.line - prev < nearbyLines) continue;
    lastLine.set(m.ruleId, m.line);
    kept.push(m);
  }
  return kept;
}

/** Offset to line lookups by binary search over line starts. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** True for text whose lines are far longer than anyone writes by hand (a minified bundle). */
export function looksMinified(text: string): boolean {
  if (text.length < 5_000) return false;
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return text.length / lines > 300;
}
