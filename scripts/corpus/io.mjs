// File access shared by fill-cache.mjs and score.mjs: finding and reading the corpus files and the
// note sections their labels point at. The entry format and the scoring live in scoring.mjs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCorpus, shown } from './scoring.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_CACHE = join(ROOT, '.cache', 'corpus');
export const DEFAULT_MIRRORS = '/work/.mirror';

/** corpus/real/*.jsonl, or the files given. */
export function corpusFiles(given) {
  if (given.length > 0) return given.map((f) => resolve(f));
  const dir = join(ROOT, 'corpus', 'real');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(dir, f));
}

/** Heading anchors per note id, read from notes/*.md (same slug rule as src/core/slug.ts). */
export function knownSections(notesDir = join(ROOT, 'notes')) {
  const slug = (t) => t.toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').trim().replace(/\s+/g, '-').replace(/-+/g, '-');
  const known = new Map();
  for (const f of readdirSync(notesDir).filter((x) => x.endsWith('.md'))) {
    const text = readFileSync(join(notesDir, f), 'utf8');
    const id = /^id:\s*(\S+)\s*$/m.exec(text)?.[1] ?? f.replace(/\.md$/, '');
    const body = text.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, '');
    const anchors = new Set();
    const counts = new Map();
    let fence = false;
    for (const line of body.split(/\r?\n/)) {
      if (/^(```|~~~)/.test(line)) fence = !fence;
      const m = !fence && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
      if (!m) continue;
      const base = slug(m[1]) || 'section';
      const n = (counts.get(base) ?? 0) + 1;
      counts.set(base, n);
      anchors.add(n === 1 ? base : `${base}-${n}`);
    }
    known.set(id, anchors);
  }
  return known;
}

/** Reads and checks every corpus file; stops the script with every problem listed if any is broken. */
export function loadCorpus(files, { check = true } = {}) {
  if (files.length === 0) fail('no corpus files: expected corpus/real/*.jsonl or paths on the command line');
  const known = check ? knownSections() : undefined;
  const entries = [];
  const problems = [];
  for (const f of files) {
    let text;
    try {
      text = readFileSync(f, 'utf8');
    } catch (err) {
      problems.push(`${shown(f)}: cannot read (${err.code ?? err.message})`);
      continue;
    }
    const r = parseCorpus(text, shown(f), known);
    entries.push(...r.entries);
    problems.push(...r.problems);
  }
  if (problems.length > 0) fail(`${problems.length} problem(s) in the corpus:\n  ${problems.join('\n  ')}`);
  return entries;
}

export function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/** Minimal flag parser: --name value, --flag, and positional arguments. */
export function parseArgs(argv, { values = [], flags = [] }) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') out.help = true;
    else if (values.includes(a)) {
      if (i + 1 >= argv.length) fail(`${a} needs a value`);
      out[a.slice(2)] = argv[++i];
    } else if (flags.includes(a)) out[a.slice(2)] = true;
    else if (a.startsWith('--')) fail(`unknown option ${a}`);
    else out._.push(a);
  }
  return out;
}
