/**
 * `engineering-notes search [--json] [--limit N] [--notes DIR]... QUERY`: the ranked notes and
 * sections the palette would show, over the bundled notes plus the notes of any folders given
 * (parsed with the note parser; a folder note with a bundled note's id replaces it).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KB_FILES, KB_VERSION, type KnowledgeBaseData } from '../core/knowledgeBase';
import { formatProblem } from '../core/note';
import { decodeNoteBytes, parseNote } from '../core/noteParser';
import { noteDocument } from '../core/search/documents';
import { excerpt } from '../core/search/excerpt';
import { hitGroup, SearchIndex } from '../core/search/searchIndex';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface SearchResultRow {
  rank: number;
  noteId: string;
  anchor: string;
  title: string;
  heading: string;
  partial: boolean;
  /** Query words this note matched only through a close spelling. */
  approximate: string[];
  /** `bundled`, or the note file it came from. */
  source: string;
  excerpt: string;
}

const USAGE = 'usage: engineering-notes search [--json] [--limit N] [--notes DIR]... QUERY';

interface Args {
  json: boolean;
  limit: number;
  folders: string[];
  query: string;
}

function parseArgs(argv: readonly string[]): Args | string {
  const args: Args = { json: false, limit: 30, folders: [], query: '' };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (name: string) => {
      const eq = a.indexOf('=');
      if (eq !== -1) return a.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new Error(`${name} needs a value`);
      return next;
    };
    try {
      if (a === '--') {
        words.push(...argv.slice(i + 1));
        break;
      } else if (a === '--json') args.json = true;
      else if (a === '--notes' || a.startsWith('--notes=')) args.folders.push(value('--notes'));
      else if (a === '--limit' || a.startsWith('--limit=')) {
        const n = Number(value('--limit'));
        if (!Number.isInteger(n) || n < 1) return `--limit must be a positive whole number`;
        args.limit = n;
      } else if (a.startsWith('--')) return `unknown option ${a}`;
      else words.push(a);
    } catch (e) {
      return (e as Error).message;
    }
  }
  args.query = words.join(' ').trim();
  if (!args.query) return 'no query given';
  return args;
}

/** Runs the command; returns the exit code (0 found or not, 1 unusable data, 2 bad arguments). */
export function searchCommand(argv: readonly string[], kbDir: string, io: CliIo): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.err(`engineering-notes search: ${args}\n${USAGE}`);
    return 2;
  }

  // The bundled notes, as the extension loads them.
  const metaFile = join(kbDir, KB_FILES.meta);
  const searchFile = join(kbDir, KB_FILES.search);
  let meta: KnowledgeBaseData;
  let index: SearchIndex;
  try {
    meta = JSON.parse(readFileSync(metaFile, 'utf8')) as KnowledgeBaseData;
    if (meta?.version !== KB_VERSION || !Array.isArray(meta.notes)) throw new Error(`knowledge base version ${String(meta?.version)}, expected ${KB_VERSION}`);
  } catch (e) {
    io.err(`engineering-notes search: could not load the bundled notes from ${metaFile}: ${(e as Error).message}`);
    return 1;
  }
  try {
    index = SearchIndex.loadJSON(readFileSync(searchFile, 'utf8'), searchFile);
  } catch (e) {
    io.err(`engineering-notes search: could not load the search index: ${(e as Error).message}`);
    return 1;
  }
  const titles = new Map(meta.notes.map((n) => [n.id, { title: n.title, source: 'bundled' }]));

  // The folders' notes: each file on its own, so one broken note never hides the others.
  for (const dir of args.folders) {
    let names: string[];
    try {
      if (!statSync(dir).isDirectory()) throw new Error('not a folder');
      names = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.md')).sort();
    } catch (e) {
      io.err(`engineering-notes search: --notes ${dir}: ${(e as Error).message}`);
      return 2;
    }
    for (const name of names) {
      const file = join(dir, name);
      const decoded = decodeNoteBytes(file, readFileSync(file));
      const parsed = decoded.ok ? parseNote(file, decoded.text, name.replace(/\.md$/i, '')) : decoded;
      if (!parsed.ok) {
        for (const p of parsed.problems) io.err(`warning: ${formatProblem(p)} (note left out)`);
        continue;
      }
      const earlier = titles.get(parsed.note.id)?.source;
      if (earlier && earlier !== 'bundled') io.err(`warning: ${file}: note id "${parsed.note.id}" also in ${earlier}; this one replaces it`);
      index.replace(noteDocument(parsed.note));
      titles.set(parsed.note.id, { title: parsed.note.title, source: file });
    }
  }

  const rows: SearchResultRow[] = index.search(args.query, { limit: args.limit }).map((hit, i) => {
    const section = index.sectionsOf(hit.noteId)?.find((s) => s.anchor === hit.anchor);
    const note = titles.get(hit.noteId);
    return {
      rank: i + 1,
      noteId: hit.noteId,
      anchor: hit.anchor,
      title: note?.title ?? hit.noteId,
      heading: section?.heading ?? '',
      partial: hit.partial,
      approximate: hit.approximate,
      source: note?.source ?? 'bundled',
      excerpt: excerpt(section?.text ?? '', hit.terms),
    };
  });

  if (args.json) {
    io.out(JSON.stringify({ query: args.query, results: rows }, null, 2));
    return 0;
  }
  if (!rows.length) {
    io.out(`No notes match "${args.query}".`);
    return 0;
  }
  let group = '';
  for (const r of rows) {
    const g = hitGroup(r);
    if (g && g !== group) io.out(`-- ${g}`);
    group = g;
    const where = r.heading ? `${r.title} › ${r.heading}` : r.title;
    const close = r.approximate.length ? `  (close spelling of ${r.approximate.map((w) => `"${w}"`).join(', ')})` : '';
    const from = r.source === 'bundled' ? '' : `  [${r.source}]`;
    io.out(`${String(r.rank).padStart(2)}. ${r.noteId}#${r.anchor}  ${where}${close}${from}`);
  }
  return 0;
}
