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
  re: RegExp;
}

/**
 * Compiled rules grouped by language. `scan` runs each rule of the document's language over the
 * text and applies the presentation limits.
 */
export class HintScanner {
  private readonly byLanguage = new Map<string, CompiledRule[]>();
  readonly ruleCount: number;

  constructor(rules: readonly HintRuleData[]) {
    for (const data of rules) {
      const re = new RegExp(data.pattern, data.flags + 'g');
      for (const lang of data.languages) {
        let list = this.byLanguage.get(lang);
        if (!list) this.byLanguage.set(lang, (list = []));
        list.push({ data, re });
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
    const lines = new LineIndex(text);
    const matches: HintMatch[] = [];
    let truncated = false;
    for (const { data, re } of rules) {
      if (performance.now() > deadline) {
        truncated = true;
        break;
      }
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text))) {
        if (m[0].length === 0) re.lastIndex++;
        matches.push({
          ruleId: data.id,
          noteId: data.noteId,
          section: data.section,
          label: data.label,
          start: m.index,
          end: m.index + m[0].length,
          line: lines.lineAt(m.index),
        });
      }
    }
    matches.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
    return { matches, truncated };
  }

  /** Matches to show: one per rule per nearby block, at most `maxPerFile`, within the time budget. */
  scan(text: string, languageId: string, options: ScanOptions = {}): ScanResult {
    const opts = { ...DEFAULT_SCAN_OPTIONS, ...options };
    const { matches, truncated } = this.matchAll(text, languageId, performance.now() + opts.budgetMs);
    return { matches: limitMatches(matches, opts.nearbyLines, opts.maxPerFile), truncated };
  }
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
