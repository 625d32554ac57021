/** Limits the editor and the command line share, so both show the same hints. */

export const DEFAULT_MAX_PER_FILE = 10;
export const DEFAULT_MAX_FILE_SIZE_KB = 1024;
/** A scan that has not finished by then is stopped (and its worker ended). */
export const DEFAULT_SCAN_DEADLINE_MS = 2_000;
/** Extra time per KB of text: parsing and querying are linear, so a big file gets a longer deadline. */
export const DEADLINE_MS_PER_KB = 5;

/** The deadline of a scan of `chars` characters: 2 s plus 5 ms per KB (1 MB: about 7 s). */
export function scanDeadlineMs(chars: number, base = DEFAULT_SCAN_DEADLINE_MS): number {
  return base + Math.ceil(chars / 1024) * DEADLINE_MS_PER_KB;
}

/** True for text whose lines are far longer than anyone writes by hand (a minified bundle). */
export function looksMinified(text: string): boolean {
  if (text.length < 5_000) return false;
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return text.length / lines > 300;
}

/** Why a file gets no hints at all, or undefined when it is scanned. */
export function skipReason(text: string, maxFileSizeKB: number): string | undefined {
  if (text.length > maxFileSizeKB * 1024) return `larger than ${maxFileSizeKB} KB`;
  if (looksMinified(text)) return 'looks minified or generated';
  return undefined;
}
