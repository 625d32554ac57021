// TEMPORARY: records the figures of the regex hint engine (src/core/hintRules.ts) on the real-code
// corpus before the syntax-tree engine replaces it. Delete this file together with hintRules.ts
// when the new engine lands; `node dist/cli.js scan` is the scanner score.mjs uses from then on.
//
//   node scripts/run-ts.mjs scripts/corpus/legacy-scan.ts FILE...   (or via score.mjs:)
//   node scripts/corpus/score.mjs --scanner 'node scripts/corpus/legacy-scan.mjs'
//
// Prints the JSON array the command line will print, {file, line, column, endLine, endColumn,
// ruleId, noteId, section, tier, label} with 1-based lines and columns, for exactly what the
// editor shows: the same scan, the same per-block grouping and per-file cap (the defaults), and no
// hints in minified files or files over the default size limit. The rules are read from the notes'
// front matter as shipped; the build's safety checks are not repeated here (they time patterns, and
// this measures what the rules find, not whether they pass a gate on a busy machine). The regex
// engine has one kind of hint, a warning, so every hint is reported with tier "risk".
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import matter from 'gray-matter';
import { DEFAULT_SCAN_OPTIONS, HintScanner, LineIndex, looksMinified } from '../../src/core/hintRules';
import type { HintLanguage, HintRuleData } from '../../src/core/note';

/** VS Code's language id for a file, as the editor would open it. */
const LANGUAGE_ID: Record<string, HintLanguage> = {
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'typescriptreact',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascriptreact',
  '.py': 'python',
  '.go': 'go',
  '.java': 'java',
  '.cs': 'csharp',
  '.sql': 'sql',
};

/** The editor's default `engineeringNotes.hints.maxFileSizeKB`. */
const MAX_FILE_BYTES = 1024 * 1024;
/** A generous per-file time budget: this measures the rules, not the clock. */
const BUDGET_MS = 60_000;

interface RawHint {
  id?: unknown;
  label?: unknown;
  section?: unknown;
  languages?: unknown;
  pattern?: unknown;
  flags?: unknown;
}

function shippedRules(notesDir: string): HintRuleData[] {
  const rules: HintRuleData[] = [];
  for (const f of readdirSync(notesDir).filter((x) => x.endsWith('.md')).sort()) {
    const { data } = matter(readFileSync(join(notesDir, f), 'utf8'));
    const noteId = typeof data.id === 'string' ? data.id : f.replace(/\.md$/, '');
    const hints: RawHint[] = Array.isArray(data.hints) ? (data.hints as RawHint[]) : [];
    for (const h of hints) {
      if (typeof h.id !== 'string' || typeof h.pattern !== 'string' || !Array.isArray(h.languages)) {
        throw new Error(`${f}: hint ${JSON.stringify(h.id)} lacks an id, a pattern or languages`);
      }
      rules.push({
        id: h.id,
        noteId,
        label: String(h.label ?? '').trim(),
        section: String(h.section ?? '').trim(),
        languages: h.languages as HintLanguage[],
        pattern: h.pattern,
        flags: typeof h.flags === 'string' ? h.flags : '',
      });
    }
  }
  return rules;
}

function main(): void {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    process.stderr.write('usage: legacy-scan.ts FILE...\n');
    process.exit(2);
  }
  const root = process.env.NOTES_ROOT ?? process.cwd();
  const scanner = new HintScanner(shippedRules(join(root, 'notes')));
  const out: unknown[] = [];
  for (const file of files) {
    const languageId = LANGUAGE_ID[extname(file).toLowerCase()];
    if (!languageId) continue;
    const text = readFileSync(file, 'utf8');
    if (text.length > MAX_FILE_BYTES || looksMinified(text)) continue;
    const { matches, truncated } = scanner.scan(text, languageId, { ...DEFAULT_SCAN_OPTIONS, budgetMs: BUDGET_MS });
    if (truncated) process.stderr.write(`${file}: scan stopped at its ${BUDGET_MS} ms budget; some hints are missing\n`);
    const lines = new LineIndex(text);
    /** 1-based line and column (UTF-16 units) of an offset. */
    const at = (offset: number) => ({ line: lines.lineAt(offset) + 1, column: offset - (text.lastIndexOf('\n', offset - 1) + 1) + 1 });
    for (const m of matches) {
      const start = at(m.start);
      const end = at(m.end);
      out.push({
        file,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        ruleId: m.ruleId,
        noteId: m.noteId,
        section: m.section,
        tier: 'risk',
        label: m.label,
      });
    }
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main();
