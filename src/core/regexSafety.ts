import { parse } from 'regjsparser';

/**
 * Build-time checks that a hint pattern cannot freeze the editor. Rules run on every open file, so
 * one pattern with catastrophic backtracking would stall the extension host for everyone.
 *
 * Two checks, because neither alone is enough for real-world patterns:
 * 1. Structure: no repeated group that itself contains an unbounded repetition (`(a+)+`, `(\w*\s)*`),
 *    the shape behind exponential backtracking. Bounded windows like `[^)]{0,200}` are fine.
 * 2. Behaviour: the pattern is run over growing adversarial inputs made from its own examples
 *    (repeated, and repeated with the last character cut so matches almost succeed); the time must
 *    stay small and grow no faster than the input.
 */

/** A repetition whose upper bound is above this counts as unbounded. */
const UNBOUNDED = 20;

interface Node {
  type: string;
  body?: unknown;
  min?: number;
  max?: number;
  raw?: string;
}

function isRepeating(node: Node): boolean {
  return node.type === 'quantifier' && (node.max === undefined || node.max > UNBOUNDED);
}

function children(node: Node): Node[] {
  const body = (node as { body?: unknown }).body;
  if (Array.isArray(body)) return body as Node[];
  return [];
}

/** Why the pattern's structure can backtrack exponentially, or undefined. */
export function structuralProblem(pattern: string, flags: string): string | undefined {
  let ast: Node;
  try {
    ast = parse(pattern, flags, { lookbehind: true, namedGroups: true, unicodePropertyEscape: true }) as unknown as Node;
  } catch (e) {
    return `pattern could not be analysed: ${(e as Error).message}`;
  }
  const visit = (node: Node, outer: Node | undefined): string | undefined => {
    if (isRepeating(node) && outer) {
      return `nested repetition: "${raw(node)}" is repeated inside "${raw(outer)}"; bound one of them (e.g. {0,20})`;
    }
    const nextOuter = outer ?? (isRepeating(node) ? node : undefined);
    for (const child of children(node)) {
      const problem = visit(child, nextOuter);
      if (problem) return problem;
    }
    return undefined;
  };
  return visit(ast, undefined);
}

function raw(node: Node): string {
  const r = (node as { raw?: string }).raw ?? '';
  return r.length > 40 ? r.slice(0, 37) + '...' : r;
}

/**
 * Time budget for one scan of an adversarial input, in milliseconds. Generous on purpose: this check
 * exists to catch catastrophic patterns (seconds, not milliseconds) without flaking on a busy
 * machine; everyday speed is measured by `npm run bench`.
 */
const BUDGET_MS = 100;
const SIZES = [512, 2_048, 8_192, 32_768];

/** Why the pattern is too slow on inputs built from its examples, or undefined. */
export function timingProblem(pattern: string, flags: string, examples: readonly string[]): string | undefined {
  const re = new RegExp(pattern, flags + 'g');
  const seeds = examples.flatMap((e) => [e, e.slice(0, -1), e.replace(/\s+/g, ' ')]).filter((s) => s.length > 0);
  for (const seed of seeds) {
    let previous = 0;
    for (const size of SIZES) {
      const input = seed.repeat(Math.ceil(size / seed.length)).slice(0, size);
      const ms = timeScan(re, input);
      if (ms > BUDGET_MS) {
        return `pattern is too slow: ${ms.toFixed(0)} ms to scan ${size} characters built from its example ${JSON.stringify(seed.slice(0, 40))}`;
      }
      // Four times the input may take four times as long (plus noise); much more means super-linear.
      if (previous > 2 && ms > previous * 12) {
        return `pattern slows down faster than its input grows (${previous.toFixed(1)} ms -> ${ms.toFixed(1)} ms); it may backtrack catastrophically`;
      }
      previous = ms;
    }
  }
  return undefined;
}

/** Best of three runs, so a scheduler hiccup is not mistaken for a slow pattern. */
function timeScan(re: RegExp, input: string): number {
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(input))) if (m[0].length === 0) re.lastIndex++;
    best = Math.min(best, performance.now() - start);
    if (best > BUDGET_MS * 4) break;
  }
  return best;
}
