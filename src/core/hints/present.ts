import type { Hint, ShowSetting } from './rule';

export interface PresentOptions {
  show: ShowSetting;
  /** At most this many hints in the file. */
  maxPerFile: number;
}

/**
 * From every raw match to the hints a user sees (the editor and `engineering-notes scan` both
 * use this, so they show the same):
 * 1. `show: risks` drops concept hints;
 * 2. one hint per rule per line;
 * 3. a concept hint shows once per rule per function (its first match);
 * 4. when a risk and a concept hint of the same note mark the same line, only the risk shows (and
 *    that concept still counts as its function's one);
 * 5. at most `maxPerFile`: risks are kept first, then concepts, each in document order.
 * The result is in document order.
 */
export function presentHints(raw: readonly Hint[], options: PresentOptions): Hint[] {
  const sorted = [...raw].sort((a, b) => a.start - b.start || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  const perLine = new Set<string>();
  const conceptScopes = new Set<string>();
  const riskLines = new Set<string>();
  for (const h of sorted) if (h.tier === 'risk') riskLines.add(`${h.noteId}:${h.line}`);
  const kept: Hint[] = [];
  for (const h of sorted) {
    if (h.tier === 'concept' && options.show === 'risks') continue;
    const lineKey = `${h.ruleId}:${h.line}`;
    if (perLine.has(lineKey)) continue;
    if (h.tier === 'concept') {
      const scopeKey = `${h.ruleId}:${h.scope}`;
      if (conceptScopes.has(scopeKey)) continue;
      // Hidden by a risk of its note on its line, it still was this function's one showing: the
      // risk's lens already opens the note there.
      conceptScopes.add(scopeKey);
      if (riskLines.has(`${h.noteId}:${h.line}`)) continue;
    }
    perLine.add(lineKey);
    kept.push(h);
  }
  const max = Math.max(0, options.maxPerFile);
  if (kept.length <= max) return kept;
  const risks = kept.filter((h) => h.tier === 'risk');
  const chosen = new Set(risks.slice(0, max));
  for (const h of kept) {
    if (chosen.size >= max) break;
    if (h.tier === 'concept') chosen.add(h);
  }
  return kept.filter((h) => chosen.has(h));
}
