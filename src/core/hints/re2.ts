import { RE2JS } from 're2js';

/**
 * Every regular expression a rule may use runs here: RE2 syntax on a linear-time engine, so no
 * pattern and no input can make a scan backtrack. `(?i)` inside the pattern makes it case-insensitive.
 */

const cache = new Map<string, RE2JS>();

/** The compiled pattern; throws an Error whose message says what is wrong with the pattern. */
export function re2(pattern: string, caseInsensitive = false): RE2JS {
  const key = (caseInsensitive ? 'i:' : 's:') + pattern;
  let re = cache.get(key);
  if (!re) {
    try {
      re = RE2JS.compile(pattern, caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0);
    } catch (e) {
      throw new Error(`regular expression ${JSON.stringify(pattern)} is not valid RE2 syntax: ${(e as Error).message}`);
    }
    cache.set(key, re);
  }
  return re;
}

/** Why the pattern cannot be used, or undefined when it compiles. */
export function re2Problem(pattern: string, caseInsensitive = false): string | undefined {
  try {
    re2(pattern, caseInsensitive);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** True when the pattern matches anywhere in the text. */
export function re2Test(pattern: string, text: string, caseInsensitive = false): boolean {
  if (!literalFastPath) return re2(pattern, caseInsensitive).matcher(text).find();
  const literal = literalForm(pattern, caseInsensitive);
  if (literal) {
    const answer = literalTest(literal, text);
    if (answer !== undefined) return answer;
  }
  return re2(pattern, caseInsensitive).matcher(text).find();
}

let literalFastPath = true;
/** For the test that compares the fast path with RE2 itself. */
export function setLiteralFastPath(on: boolean): void {
  literalFastPath = on;
}

/** A pattern that is only literal text: alternatives, each case-sensitive or ASCII case-folded. */
interface Literal {
  branches: { text: string; fold: boolean }[];
}

const literalCache = new Map<string, Literal | null>();
const ESCAPABLE = new Set('.()[]{}*+?|\\/$^-#&~ :,\'"=!<>@%'.split(''));

/**
 * Whole-file regexes (#file-contains?) are often plain words: `(?i:outbox)`, `SaveChanges|(?i:insert
 * into)`. For those, String.includes gives RE2's answer exactly and many times faster. Anything
 * else (classes, quantifiers, anchors, `\b`, non-ASCII literals) returns null and goes to RE2.
 */
function literalForm(pattern: string, caseInsensitive: boolean): Literal | null {
  const key = (caseInsensitive ? 'i:' : 's:') + pattern;
  let lit = literalCache.get(key);
  if (lit !== undefined) return lit;
  lit = parseLiteral(pattern, caseInsensitive);
  literalCache.set(key, lit);
  return lit;
}

function parseLiteral(pattern: string, caseInsensitive: boolean): Literal | null {
  const branches: Literal['branches'] = [];
  let i = 0;
  const readText = (stop: string): string | null => {
    let out = '';
    while (i < pattern.length && !stop.includes(pattern[i])) {
      const c = pattern[i];
      if (c === '\\') {
        const next = pattern[i + 1];
        if (next === undefined || !ESCAPABLE.has(next)) return null;
        out += next;
        i += 2;
        continue;
      }
      if ('.()[]{}*+?^$'.includes(c) || c === '|') return null;
      if (c.charCodeAt(0) > 0x7e || c.charCodeAt(0) < 0x20) return null;
      out += c;
      i++;
    }
    return out;
  };
  while (i <= pattern.length) {
    let text: string | null;
    let fold = caseInsensitive;
    if (pattern.startsWith('(?i:', i)) {
      i += 4;
      text = readText(')');
      if (text === null || pattern[i] !== ')') return null;
      i++;
      fold = true;
    } else text = readText('|');
    if (text === null || text === '') return null;
    branches.push({ text, fold });
    if (i === pattern.length) break;
    if (pattern[i] !== '|') return null;
    i++;
  }
  return branches.length ? { branches } : null;
}

const asciiLower = (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

/** The literal's answer, or undefined when only RE2 can give it exactly. */
function literalTest(lit: Literal, text: string): boolean | undefined {
  let lowered: string | undefined;
  for (const b of lit.branches) {
    if (!b.fold) {
      if (text.includes(b.text)) return true;
      continue;
    }
    lowered ??= asciiLower(text);
    if (lowered.includes(asciiLower(b.text))) return true;
  }
  // RE2's case folding also maps U+212A (Kelvin) to k and U+017F (long s) to s: with those in
  // the text, a folded branch could still match; let RE2 decide.
  if (lit.branches.some((b) => b.fold) && /[\u212A\u017F]/.test(text)) return undefined;
  return false;
}
