import { HintEngine } from '../../src/core/hints/engine';
import { GrammarLoader } from '../../src/core/hints/grammars';
import { packageWasmDirectory, wasmFromDirectory } from '../../src/core/hints/nodeWasm';
import type { Tier, HintRuleData } from '../../src/core/hints/rule';
import type { TreeLanguage } from '../../src/core/hints/languages';

/** One grammar loader for the whole test run: grammars load once. */
export const loader = new GrammarLoader(wasmFromDirectory(packageWasmDirectory()));

let n = 0;
/** A rule for a test: one query per language, or a SQL regex. */
export function rule(queries: Partial<Record<TreeLanguage, string>>, extra: { id?: string; tier?: Tier; sql?: string; noteId?: string } = {}): HintRuleData {
  const id = extra.id ?? `test-rule-${++n}`;
  return { id, noteId: extra.noteId ?? 'test-note', tier: extra.tier ?? 'risk', label: id, section: 's', queries, ...(extra.sql ? { sql: extra.sql } : {}) };
}

export function engineOf(...rules: HintRuleData[]): HintEngine {
  return new HintEngine(rules, loader);
}

/** Lines (0-based) of the hints a single-rule engine finds in the code. */
export async function linesOf(r: HintRuleData, code: string, languageId: string): Promise<number[]> {
  return (await engineOf(r).scanText(code, languageId)).map((h) => h.line);
}
