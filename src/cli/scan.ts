import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Deadline, HintEngine, ScanStopped } from '../core/hints/engine';
import { GrammarLoader } from '../core/hints/grammars';
import { languageIdOfPath } from '../core/hints/languages';
import { DEFAULT_MAX_FILE_SIZE_KB, DEFAULT_MAX_PER_FILE, DEFAULT_SCAN_DEADLINE_MS, scanDeadlineMs, skipReason } from '../core/hints/limits';
import { wasmFromDirectory } from '../core/hints/nodeWasm';
import { packageWasmDirectory } from '../core/hints/packageWasm';
import { presentHints } from '../core/hints/present';
import type { Hint, HintRuleData, ShowSetting } from '../core/hints/rule';
import { hintData, KB_FILES, type KnowledgeBaseData } from '../core/knowledgeBase';
import { formatProblem } from '../core/note';
import { loadNoteSet } from '../core/noteSet';

/**
 * `engineering-notes scan [--all|--risks] [--raw] [--format json] PATH...`: the hints the editor
 * would show for each file (same engine, same grouping, same caps and size limits), or with --raw
 * every match. Folders are walked (skipping dot-folders and node_modules); the language comes
 * from the file extension. Lines and columns are 1-based; the end column is exclusive.
 */

const HELP = `usage: engineering-notes scan [--all|--risks] [--raw] [--format json|text] [--max-per-file N] [--notes DIR] PATH...

  --all            every hint the editor shows with engineeringNotes.hints.show = all (default)
  --risks          only risk hints (engineeringNotes.hints.show = risks)
  --raw            every match, before grouping and the per-file cap
  --format json    a JSON array of {file, line, column, endLine, endColumn, ruleId, noteId, section, tier, label}
  --max-per-file N the per-file cap (default ${DEFAULT_MAX_PER_FILE}, as the editor's setting)
  --notes DIR      read the rules from this notes folder instead of the built knowledge base
  --deadline-ms N  stop a file's scan after N ms plus 5 ms per KB of the file (default ${DEFAULT_SCAN_DEADLINE_MS})`;

export interface ScanRow {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  noteId: string;
  section: string;
  tier: string;
  label: string;
}

interface Options {
  show: ShowSetting;
  raw: boolean;
  json: boolean;
  maxPerFile: number;
  deadlineMs: number;
  notes?: string;
  paths: string[];
}

function parseArgs(args: string[]): Options | string {
  const o: Options = { show: 'all', raw: false, json: false, maxPerFile: DEFAULT_MAX_PER_FILE, deadlineMs: DEFAULT_SCAN_DEADLINE_MS, paths: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    try {
      if (a === '--all') o.show = 'all';
      else if (a === '--risks') o.show = 'risks';
      else if (a === '--raw') o.raw = true;
      else if (a === '--format') {
        const f = value();
        if (f !== 'json' && f !== 'text') return `--format must be json or text, not "${f}"`;
        o.json = f === 'json';
      } else if (a === '--max-per-file' || a === '--deadline-ms') {
        const n = Number(value());
        if (!Number.isFinite(n) || n < 0) return `${a} needs a number >= 0`;
        if (a === '--max-per-file') o.maxPerFile = n;
        else o.deadlineMs = n;
      } else if (a === '--notes') o.notes = value();
      else if (a === '--help' || a === '-h') return '';
      else if (a.startsWith('--')) return `unknown option ${a}`;
      else o.paths.push(a);
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (!o.paths.length) return 'give at least one file or folder';
  return o;
}

/** The rules: from a notes folder, from the knowledge base built beside this script, or from ./notes. */
function loadRules(notesDir: string | undefined): HintRuleData[] {
  const kb = join(__dirname, 'kb', KB_FILES.meta);
  if (!notesDir && existsSync(kb)) return (JSON.parse(readFileSync(kb, 'utf8')) as KnowledgeBaseData).hints;
  const dir = resolve(notesDir ?? join(process.env.NOTES_ROOT ?? process.cwd(), 'notes'));
  const topics = JSON.parse(readFileSync(join(dir, 'topics.json'), 'utf8')) as string[];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => ({ file: relative(process.cwd(), join(dir, f)), bytes: readFileSync(join(dir, f)) }));
  const set = loadNoteSet(files, topics);
  for (const p of set.problems) console.error(`engineering-notes: ${formatProblem(p)}`);
  return set.notes.flatMap(hintData);
}

function wasmDirectory(): string {
  const beside = join(__dirname, 'wasm');
  return existsSync(join(beside, 'tree-sitter.wasm')) ? beside : packageWasmDirectory();
}

function* walk(path: string): Generator<string> {
  const st = statSync(path);
  if (!st.isDirectory()) {
    yield path;
    return;
  }
  for (const name of readdirSync(path).sort()) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const full = join(path, name);
    if (statSync(full).isDirectory()) yield* walk(full);
    else if (languageIdOfPath(name)) yield full;
  }
}

export async function runScan(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    if (parsed) console.error(`engineering-notes scan: ${parsed}\n`);
    console.error(HELP);
    return parsed ? 2 : 0;
  }
  const engine = new HintEngine(loadRules(parsed.notes), new GrammarLoader(wasmFromDirectory(wasmDirectory())));
  const rows: ScanRow[] = [];
  let failures = 0;
  for (const path of parsed.paths) {
    let files: string[];
    try {
      files = [...walk(path)];
    } catch (e) {
      console.error(`engineering-notes scan: ${path}: ${(e as Error).message}`);
      failures++;
      continue;
    }
    for (const file of files) {
      const languageId = languageIdOfPath(file);
      if (!languageId) {
        console.error(`engineering-notes scan: ${file}: no hints for this file type`);
        continue;
      }
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        console.error(`engineering-notes scan: ${file}: ${(e as Error).message}`);
        failures++;
        continue;
      }
      let hints: Hint[];
      const skipped = parsed.raw ? undefined : skipReason(text, DEFAULT_MAX_FILE_SIZE_KB);
      if (skipped) {
        // As in the editor, which says so in its status bar: never a silent empty result.
        console.error(`engineering-notes scan: ${file}: no hints: ${skipped}`);
        continue;
      }
      try {
        // Loading the grammar and compiling the rules happens once per language and is not part
        // of a file's scan deadline (the editor's worker prepares a language before it scans too).
        await engine.prepareLanguage(languageId);
        hints = await engine.scanText(text, languageId, Deadline.after(scanDeadlineMs(text.length, parsed.deadlineMs)));
      } catch (e) {
        if (e instanceof ScanStopped) console.error(`engineering-notes scan: ${file}: scan stopped at its ${scanDeadlineMs(text.length, parsed.deadlineMs)} ms deadline; no hints reported for it`);
        else console.error(`engineering-notes scan: ${file}: ${(e as Error).message}`);
        failures++;
        continue;
      }
      const shown = parsed.raw ? hints.filter((h) => parsed.show === 'all' || h.tier === 'risk') : presentHints(hints, { show: parsed.show, maxPerFile: parsed.maxPerFile });
      for (const h of shown) {
        rows.push({ file, line: h.line + 1, column: h.column + 1, endLine: h.endLine + 1, endColumn: h.endColumn + 1, ruleId: h.ruleId, noteId: h.noteId, section: h.section, tier: h.tier, label: h.label });
      }
    }
  }
  if (parsed.json) console.log(JSON.stringify(rows, null, 2));
  else for (const r of rows) console.log(`${r.file}:${r.line}:${r.column}: ${r.tier} ${r.ruleId}: ${r.label} (${r.noteId}#${r.section})`);
  return failures ? 1 : 0;
}
