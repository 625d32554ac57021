/**
 * A short excerpt of `text` around the first of `terms` it contains, cut at word boundaries.
 * Falls back to the opening of the text.
 */
export function excerpt(text: string, terms: readonly string[], maxLength = 120): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= maxLength) return clean;
  const lower = clean.toLowerCase();
  let at = -1;
  for (const t of terms) {
    if (!t) continue;
    // Terms are normalised ("retry" for "retries"): look for the stem when the term is not there.
    let i = lower.indexOf(t.toLowerCase());
    if (i === -1 && t.length > 4) i = lower.indexOf(t.toLowerCase().replace(/[ye]$/, ''));
    if (i !== -1 && (at === -1 || i < at)) at = i;
  }
  let start = at <= 0 ? 0 : Math.max(0, at - Math.floor(maxLength / 3));
  if (start > 0) {
    const space = clean.indexOf(' ', start);
    start = space === -1 || space > at ? start : space + 1;
  }
  let end = Math.min(clean.length, start + maxLength);
  if (end < clean.length) {
    const space = clean.lastIndexOf(' ', end);
    if (space > start + maxLength / 2) end = space;
  }
  return (start > 0 ? '…' : '') + clean.slice(start, end) + (end < clean.length ? '…' : '');
}
