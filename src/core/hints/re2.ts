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
  return re2(pattern, caseInsensitive).matcher(text).find();
}
