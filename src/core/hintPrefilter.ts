/**
 * Exact prefilters for hint rules. A rule's regular expression is expensive to try at every offset
 * of a large file (many rules open with a look-behind or `\w*`), but most rules cannot match
 * without consuming a literal such as `.create(` or `useEffect(`. `prefilterOf` finds such literals
 * ("anchors") and, for each, what the pattern can consume before it: at most `maxBefore` code units,
 * all drawn from a known set of characters. A match must then start in a short window that ends
 * where the literal occurs, so the scanner tries the rule (sticky) only at those offsets and gets
 * exactly the matches of a full scan, in the same order.
 *
 * A pattern usually offers several ways to be anchored (`\.create\(` or `stripe`; each branch of
 * an alternation its own). `prefilterOf` keeps them all as a small tree of choices and the scanner
 * picks, per file, the cheapest given how often each literal actually occurs in that file.
 *
 * Everything here is conservative: a construct this small parser does not fully understand makes
 * the window wider or gives up on the rule (the scanner then runs it the plain way). It never
 * makes the window narrower than the truth. Soundness is checked against the plain scan by
 * test/unit/hintScanner.equivalence.test.ts on the real rules.
 */

/** A literal every match (of one branch) must consume, and what may come before it in the match. */
export interface AnchorLeaf {
  /** The literal: ASCII only, matched case-insensitively when `foldCase`. */
  literal: string;
  foldCase: boolean;
  /** Most code units the match can consume before the literal (Infinity when unbounded). */
  maxBefore: number;
  /** For ASCII code units: 1 when the part before the literal may consume it; others always may. */
  before: Uint8Array;
}

/** Every alternative must be covered; any one option of an alternative covers it. */
export type AnchorPlan = AnchorAlternative[];
export interface AnchorAlternative {
  options: AnchorOption[];
}
export type AnchorOption = { leaf: AnchorLeaf } | { plan: AnchorPlan };

export interface Prefilter {
  plan: AnchorPlan;
  /** Every leaf of the plan, once. */
  leaves: AnchorLeaf[];
  /** For ASCII code units: 1 when a match may start with it (0 means no match starts there). */
  first: Uint8Array;
}

/** Literals scoring below this (one letter, two punctuation marks) occur too often to be worth it. */
const MIN_SCORE = 3;

type Node =
  | { kind: 'char'; ch: string }
  | { kind: 'set'; source: string }
  | { kind: 'assert'; lookbehindAt?: number }
  | { kind: 'group'; alts: Node[][] }
  | { kind: 'repeat'; node: Node; min: number; max: number };

class Unsupported extends Error {}

/**
 * The prefilter of a pattern, or undefined when it has none (the rule is then run over the whole
 * text). Never throws.
 */
export function prefilterOf(pattern: string, flags: string): Prefilter | undefined {
  try {
    new RegExp(pattern, flags);
    if (flags.includes('v')) return undefined;
    const unicode = flags.includes('u');
    const tree = new Parser(pattern, unicode).parse();
    const leaves: AnchorLeaf[] = [];
    const plan = planOfDisjunction(tree, [], { unicode, flags, leaves });
    if (!plan) return undefined;
    const first = charTable(firstSources(tree), flags);
    return { plan, leaves, first };
  } catch (e) {
    if (e instanceof Unsupported || e instanceof SyntaxError) return undefined;
    throw e;
  }
}

/**
 * The same pattern, rewritten to find exactly the same matches faster, or the pattern itself when
 * it cannot be parsed. Two rewrites, both exact because a JavaScript look-around is atomic and only
 * its success counts (hint rules have no back-references that could read its captures):
 * - greedy quantifiers inside a look-behind become lazy: a look-behind runs backwards, so a greedy
 *   `[\s\S]{0,3000}` first reaches 3,000 characters back and walks forward, while a lazy one finds
 *   the nearest occurrence first, which is where the text it looks for usually is;
 * - a look-behind followed by a term that must consume a character gets a look-ahead for that
 *   character in front of it, so offsets where the term cannot match skip the look-behind.
 */
export function tunedPattern(pattern: string, flags: string): string {
  try {
    new RegExp(pattern, flags);
    if (flags.includes('v')) return pattern;
    const parser = new Parser(pattern, flags.includes('u'));
    parser.parse();
    let out = pattern;
    const insertions = [...parser.insertions].sort((a, b) => b.at - a.at);
    for (const { at, text } of insertions) out = out.slice(0, at) + text + out.slice(at);
    new RegExp(out, flags);
    return out;
  } catch {
    return pattern;
  }
}

// ---------------------------------------------------------------------------------------------
// A small parser for the subset of JavaScript regular expressions that hint rules use.

const SYNTAX_CHARS = '^$\\.*+?()[]{}|/';

class Parser {
  private i = 0;
  /** How many look-behinds enclose the current position. */
  private lookbehinds = 0;
  /** Text to insert into the pattern to make it faster with the same matches (see `tunedPattern`). */
  readonly insertions: { at: number; text: string }[] = [];

  constructor(
    private readonly src: string,
    private readonly unicode: boolean,
  ) {}

  parse(): Node[][] {
    const alts = this.disjunction();
    if (this.i !== this.src.length) throw new Unsupported('unbalanced )');
    return alts;
  }

  private disjunction(): Node[][] {
    const alts = [this.alternative()];
    while (this.src[this.i] === '|') {
      this.i++;
      alts.push(this.alternative());
    }
    return alts;
  }

  private alternative(): Node[] {
    const terms: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.atom();
      terms.push(this.quantified(atom));
    }
    if (this.lookbehinds === 0) {
      // A look-behind is often costly (it may read thousands of characters back) and is often
      // followed by a term that cannot match at most offsets. Checking that term's first
      // character first, as a look-ahead, answers the same (both are assertions at one offset).
      terms.forEach((t, j) => {
        if (t.kind !== 'assert' || t.lookbehindAt === undefined) return;
        const next = firstOf([terms.slice(j + 1)]);
        if (!next.nullable) this.insertions.push({ at: t.lookbehindAt, text: `(?=${next.sources.join('|')})` });
      });
    }
    return terms;
  }

  private quantified(atom: Node): Node {
    const s = this.src;
    let min: number;
    let max: number;
    const c = s[this.i];
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(this.i));
      if (!m) {
        if (this.unicode) throw new Unsupported('bad quantifier');
        return atom; // a literal "{" (Annex B); the caller parsed nothing, so parse it as a char next
      }
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.i += m[0].length - 1;
    } else return atom;
    this.i++;
    if (s[this.i] === '?') this.i++; // lazy: same set of possible matches
    else if (this.lookbehinds > 0) this.insertions.push({ at: this.i, text: '?' });
    if (atom.kind === 'assert') return atom;
    return { kind: 'repeat', node: atom, min, max };
  }

  private atom(): Node {
    const s = this.src;
    const c = s[this.i];
    const code = s.charCodeAt(this.i);
    if (code >= 0xd800 && code <= 0xdfff) throw new Unsupported('astral character in pattern');
    switch (c) {
      case '^':
      case '$':
        this.i++;
        return { kind: 'assert' };
      case '.':
        this.i++;
        return { kind: 'set', source: '.' };
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
        throw new Unsupported('nothing to repeat');
      case '{': {
        if (this.unicode || /^\{\d+(,\d*)?\}/.test(s.slice(this.i))) throw new Unsupported('nothing to repeat');
        this.i++;
        return { kind: 'char', ch: '{' };
      }
      case '}':
      case ']':
        if (this.unicode) throw new Unsupported('lone bracket');
        this.i++;
        return { kind: 'char', ch: c };
      default:
        this.i++;
        return { kind: 'char', ch: c };
    }
  }

  private group(): Node {
    const s = this.src;
    const start = this.i;
    this.i++; // (
    let lookaround = false;
    if (s[this.i] === '?') {
      const next = s.slice(this.i, this.i + 3);
      if (next.startsWith('?:')) this.i += 2;
      else if (next.startsWith('?=') || next.startsWith('?!')) {
        this.i += 2;
        lookaround = true;
      } else if (next === '?<=' || next === '?<!') {
        this.i += 3;
        lookaround = true;
        this.lookbehinds++;
        const alts = this.disjunction();
        this.lookbehinds--;
        if (s[this.i] !== ')') throw new Unsupported('unclosed group');
        this.i++;
        void alts;
        return { kind: 'assert', lookbehindAt: start };
      } else if (next.startsWith('?<')) {
        const end = s.indexOf('>', this.i);
        if (end === -1) throw new Unsupported('bad group name');
        this.i = end + 1;
      } else throw new Unsupported('unknown group');
    }
    const alts = this.disjunction();
    if (s[this.i] !== ')') throw new Unsupported('unclosed group');
    this.i++;
    return lookaround ? { kind: 'assert' } : { kind: 'group', alts };
  }

  private charClass(): Node {
    const s = this.src;
    const start = this.i;
    this.i++; // [
    if (s[this.i] === '^') this.i++;
    while (this.i < s.length && s[this.i] !== ']') {
      if (s[this.i] === '\\') this.i++;
      if (this.i < s.length) {
        const code = s.charCodeAt(this.i);
        if (code >= 0xd800 && code <= 0xdfff) throw new Unsupported('astral character in class');
      }
      this.i++;
    }
    if (s[this.i] !== ']') throw new Unsupported('unclosed class');
    this.i++;
    return { kind: 'set', source: s.slice(start, this.i) };
  }

  private escape(): Node {
    const s = this.src;
    const start = this.i;
    this.i++; // backslash
    const c = s[this.i];
    if (c === undefined) throw new Unsupported('trailing backslash');
    this.i++;
    if (c === 'b' || c === 'B') return { kind: 'assert' };
    if ('dDwWsS'.includes(c)) return { kind: 'set', source: s.slice(start, this.i) };
    if (c >= '1' && c <= '9') throw new Unsupported('back-reference');
    if (c === 'k' && (this.unicode || /\(\?<[^=!]/.test(s))) throw new Unsupported('named back-reference');
    if (c === '0') {
      if (/\d/.test(s[this.i] ?? '')) throw new Unsupported('octal escape');
      return { kind: 'char', ch: '\0' };
    }
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v' };
    if (simple[c]) return { kind: 'char', ch: simple[c] };
    if ((c === 'p' || c === 'P') && this.unicode) {
      const end = s.indexOf('}', this.i);
      if (s[this.i] !== '{' || end === -1) throw new Unsupported('bad property escape');
      this.i = end + 1;
      return { kind: 'set', source: s.slice(start, this.i) };
    }
    if (c === 'x') {
      const hex = /^[0-9a-fA-F]{2}/.exec(s.slice(this.i));
      if (!hex) throw new Unsupported('bad \\x escape');
      this.i += 2;
      return { kind: 'char', ch: String.fromCharCode(parseInt(hex[0], 16)) };
    }
    if (c === 'u') {
      const hex = /^[0-9a-fA-F]{4}/.exec(s.slice(this.i));
      if (!hex) throw new Unsupported('unusual \\u escape');
      this.i += 4;
      const code = parseInt(hex[0], 16);
      if (code >= 0xd800 && code <= 0xdfff) throw new Unsupported('surrogate escape');
      return { kind: 'char', ch: String.fromCharCode(code) };
    }
    if (c === 'c') {
      const letter = s[this.i] ?? '';
      if (!/[a-zA-Z]/.test(letter)) throw new Unsupported('bad \\c escape');
      this.i++;
      return { kind: 'char', ch: String.fromCharCode(letter.charCodeAt(0) % 32) };
    }
    if (/[a-zA-Z]/.test(c)) throw new Unsupported(`unknown escape \\${c}`);
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdfff) throw new Unsupported('astral identity escape');
    if (this.unicode && !SYNTAX_CHARS.includes(c) && c !== '-') throw new Unsupported('identity escape');
    return { kind: 'char', ch: c };
  }
}

// ---------------------------------------------------------------------------------------------
// Finding anchors.

interface Context {
  unicode: boolean;
  flags: string;
  leaves: AnchorLeaf[];
}

/** Letters and digits are rare enough in code to count fully; spaces and punctuation half. */
function literalScore(literal: string): number {
  let score = 0;
  for (const ch of literal) score += /[A-Za-z0-9_]/.test(ch) ? 1 : 0.5;
  return score;
}

/** Anchors for a disjunction whose matches are preceded (within the match) by `before`. */
function planOfDisjunction(alts: Node[][], before: Node[], ctx: Context): AnchorPlan | undefined {
  const plan: AnchorPlan = [];
  for (const alt of alts) {
    const options = optionsOfSequence(alt, before, ctx);
    if (options.length === 0) return undefined;
    plan.push({ options });
  }
  return plan;
}

function optionsOfSequence(terms: Node[], outer: Node[], ctx: Context): AnchorOption[] {
  const options: AnchorOption[] = [];
  for (let i = 0; i < terms.length; i++) {
    const term = terms[i];
    if (term.kind === 'char') {
      let j = i;
      let literal = '';
      while (j < terms.length) {
        const t = terms[j];
        if (t.kind !== 'char') break;
        literal += t.ch;
        j++;
      }
      const leaf = leafOf(literal, [...outer, ...terms.slice(0, i)], ctx);
      if (leaf) options.push({ leaf });
      i = j - 1;
      continue;
    }
    // A group that must be matched at least once: its first pass holds one of its own anchors.
    const group = term.kind === 'group' ? term : term.kind === 'repeat' && term.min >= 1 && term.node.kind === 'group' ? term.node : undefined;
    if (!group) continue;
    const plan = planOfDisjunction(group.alts, [...outer, ...terms.slice(0, i)], ctx);
    if (plan) options.push({ plan });
  }
  return options;
}

function leafOf(literal: string, before: Node[], ctx: Context): AnchorLeaf | undefined {
  if (literalScore(literal) < MIN_SCORE || [...literal].some((ch) => ch.charCodeAt(0) > 127)) return undefined;
  const { maxLen, sources } = consumption(before, ctx.unicode);
  const table = charTable(sources, ctx.flags);
  // Unbounded and any character: the window would reach back to the previous match; useless.
  if (maxLen === Infinity && table.every((b) => b === 1)) return undefined;
  const leaf: AnchorLeaf = { literal, foldCase: ctx.flags.includes('i'), maxBefore: maxLen, before: table };
  ctx.leaves.push(leaf);
  return leaf;
}

/** How much the terms can consume at most (code units) and the sources of the characters they can consume. */
function consumption(terms: Node[], unicode: boolean): { maxLen: number; sources: string[] } {
  let maxLen = 0;
  const sources: string[] = [];
  const visit = (node: Node): number => {
    switch (node.kind) {
      case 'char':
        sources.push(charSource(node.ch));
        return 1;
      case 'set':
        sources.push(node.source);
        return unicode ? 2 : 1;
      case 'assert':
        return 0;
      case 'group': {
        let most = 0;
        for (const alt of node.alts) {
          let len = 0;
          for (const t of alt) len += visit(t);
          most = Math.max(most, len);
        }
        return most;
      }
      case 'repeat': {
        const inner = visit(node.node);
        return inner === 0 || node.max === 0 ? 0 : inner * node.max;
      }
    }
  };
  for (const t of terms) maxLen += visit(t);
  return { maxLen, sources };
}

function charSource(ch: string): string {
  return '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0');
}

/** Which ASCII code units one of the sources can match, tested with the rule's own flags. */
function charTable(sources: readonly string[], flags: string): Uint8Array {
  const table = new Uint8Array(128);
  if (sources.length === 0) return table;
  const re = new RegExp(`^(?:${sources.join('|')})$`, flags.replace(/[gym]/g, ''));
  for (let c = 0; c < 128; c++) table[c] = re.test(String.fromCharCode(c)) ? 1 : 0;
  return table;
}

/**
 * Sources of the characters a match can start with. A sequence contributes its terms' first
 * characters up to the first term that must consume something; a pattern that could consume
 * nothing at all gets "any character".
 */
function firstSources(alts: Node[][]): string[] {
  const { sources, nullable } = firstOf(alts);
  return nullable ? [...sources, '[^]'] : sources;
}

/** The sources of the characters the alternatives can start with, and whether they may consume nothing. */
function firstOf(alts: Node[][]): { sources: string[]; nullable: boolean } {
  const sources: string[] = [];
  /** Adds the first characters of the node; returns true when it may consume nothing. */
  const node = (n: Node): boolean => {
    switch (n.kind) {
      case 'char':
        sources.push(charSource(n.ch));
        return false;
      case 'set':
        sources.push(n.source);
        return false;
      case 'assert':
        return true;
      case 'group':
        return disjunction(n.alts);
      case 'repeat':
        return node(n.node) || n.min === 0;
    }
  };
  const sequence = (terms: Node[]): boolean => {
    for (const t of terms) if (!node(t)) return false;
    return true;
  };
  const disjunction = (list: Node[][]): boolean => {
    let nullable = false;
    for (const alt of list) if (sequence(alt)) nullable = true;
    return nullable;
  };
  const nullable = disjunction(alts);
  return { sources, nullable };
}
