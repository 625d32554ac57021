// The real-code corpus: reading its JSONL files and scoring hints against its labels.
// Pure functions only (no process, no child processes), so score.mjs, fill-cache.mjs and the unit
// tests share one definition of an entry and of a match. Format: corpus/README.md.
import { createHash } from 'node:crypto';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** How close (in lines) a hint must be to a label of the same file and note to count. */
export const MATCH_WINDOW = 2;

export const SPLITS = ['tune', 'holdout'];
export const KINDS = ['positive', 'negative'];
export const TIERS = ['concept', 'risk'];

/**
 * The split of a file, fixed before it is labelled: one quarter of files go to the holdout, by the
 * first byte of sha256("<owner>/<name>:<path>"). Nobody chooses it, so nobody can move a file that
 * the rules happen to get wrong into or out of the holdout.
 */
export function splitFor(repo, path) {
  return createHash('sha256').update(`${repo}:${path}`).digest()[0] % 4 === 0 ? 'holdout' : 'tune';
}

/** The language of a corpus file follows from its extension, as in the scanner. */
export const LANGUAGE_BY_EXTENSION = {
  '.ts': 'typescript',
  '.tsx': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.js': 'javascript',
  '.jsx': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.py': 'python',
  '.go': 'go',
  '.java': 'java',
  '.cs': 'csharp',
  '.sql': 'sql',
};

export const LANGUAGES = [...new Set(Object.values(LANGUAGE_BY_EXTENSION))];

export function languageOfPath(path) {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? undefined : LANGUAGE_BY_EXTENSION[path.slice(dot).toLowerCase()];
}

const HEX40 = /^[0-9a-f]{40}$/;
const REPO = /^[A-Za-z0-9][A-Za-z0-9_.-]*\/[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const ID = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Parses one corpus file. Every problem names the file and line; a broken line never hides the
 * others. `known` (optional) maps note id to its set of section anchors, to check labels against.
 * Returns { entries, problems }.
 */
export function parseCorpus(text, file, known) {
  const entries = [];
  const problems = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    if (raw.trim() === '') return;
    const where = `${file}:${lineNo}`;
    let value;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      problems.push(`${where}: not valid JSON (${err.message})`);
      return;
    }
    const errs = entryProblems(value, known);
    if (errs.length > 0) {
      for (const e of errs) problems.push(`${where}: ${e}`);
      return;
    }
    entries.push({ ...value, source: { file, line: lineNo } });
  });
  const seen = new Map();
  for (const e of entries) {
    const k = `${e.repo}@${e.commit}:${e.path}`;
    if (seen.has(k)) problems.push(`${e.source.file}:${e.source.line}: duplicate of line ${seen.get(k)} (${k})`);
    else seen.set(k, e.source.line);
  }
  return { entries, problems };
}

function entryProblems(v, known) {
  const errs = [];
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return ['an entry must be a JSON object'];
  if (typeof v.repo !== 'string' || !REPO.test(v.repo)) errs.push(`"repo" must be "owner/name", got ${JSON.stringify(v.repo)}`);
  if (typeof v.commit !== 'string' || !HEX40.test(v.commit)) errs.push(`"commit" must be 40 lower-case hex digits, got ${JSON.stringify(v.commit)}`);
  if (typeof v.path !== 'string' || v.path === '' || isAbsolute(v.path) || v.path.split(/[\\/]/).includes('..')) {
    errs.push(`"path" must be a relative path inside the repository, got ${JSON.stringify(v.path)}`);
  } else {
    const lang = languageOfPath(v.path);
    if (!lang) errs.push(`"path" ${v.path} has an extension no language is known for`);
    else if (v.language !== lang) errs.push(`"language" is ${JSON.stringify(v.language)} but ${v.path} is ${lang}`);
  }
  if (!SPLITS.includes(v.split)) errs.push(`"split" must be one of ${SPLITS.join(', ')}, got ${JSON.stringify(v.split)}`);
  else if (typeof v.repo === 'string' && typeof v.path === 'string' && v.split !== splitFor(v.repo, v.path)) {
    errs.push(`"split" must be ${splitFor(v.repo, v.path)} (fixed by the hash of repo and path, see corpus/README.md)`);
  }
  if (!KINDS.includes(v.kind)) errs.push(`"kind" must be one of ${KINDS.join(', ')}, got ${JSON.stringify(v.kind)}`);
  if (!Array.isArray(v.labels)) {
    errs.push('"labels" must be an array');
    return errs;
  }
  if (v.kind === 'positive' && v.labels.length === 0) errs.push('a "positive" entry needs at least one label');
  if (v.kind === 'negative' && v.labels.length > 0) errs.push('a "negative" entry has no labels');
  const seen = new Set();
  v.labels.forEach((l, j) => {
    const at = `label ${j + 1}`;
    if (l === null || typeof l !== 'object') {
      errs.push(`${at} must be an object`);
      return;
    }
    if (!Number.isInteger(l.line) || l.line < 1) errs.push(`${at}: "line" must be a 1-based integer, got ${JSON.stringify(l.line)}`);
    if (typeof l.note !== 'string' || !ID.test(l.note)) errs.push(`${at}: "note" must be a note id, got ${JSON.stringify(l.note)}`);
    if (typeof l.section !== 'string' || !ID.test(l.section)) errs.push(`${at}: "section" must be a heading anchor, got ${JSON.stringify(l.section)}`);
    if (!TIERS.includes(l.tier)) errs.push(`${at}: "tier" must be one of ${TIERS.join(', ')}, got ${JSON.stringify(l.tier)}`);
    if (typeof l.reason !== 'string' || l.reason.trim() === '') errs.push(`${at}: "reason" must be a one-line explanation`);
    else if (/[\r\n]/.test(l.reason)) errs.push(`${at}: "reason" must be one line`);
    if (known && typeof l.note === 'string') {
      const anchors = known.get(l.note);
      if (!anchors) errs.push(`${at}: no note has the id ${JSON.stringify(l.note)}`);
      else if (typeof l.section === 'string' && !anchors.has(l.section)) errs.push(`${at}: note ${l.note} has no section ${JSON.stringify(l.section)}`);
    }
    const k = `${l.line}|${l.note}|${l.tier}`;
    if (seen.has(k)) errs.push(`${at}: the same line, note and tier is labelled twice`);
    seen.add(k);
  });
  return errs;
}

/** Where fill-cache.mjs puts an entry's file: <cache>/<owner>/<name>/<commit>/<path>. */
export function cachePath(cacheDir, entry) {
  const [owner, name] = entry.repo.split('/');
  return join(cacheDir, owner, name, entry.commit, ...entry.path.split('/'));
}

/** The key a hint's `file` is matched on: owner/name/commit/path, whatever prefix came before it. */
function cacheKey(entry) {
  return `${entry.repo}/${entry.commit}/${entry.path}`;
}

/**
 * Maps each hint to the corpus entry whose cached file it names. A hint's `file` may be absolute,
 * relative to `cwd`, or any path ending in <owner>/<name>/<commit>/<path>.
 */
export function assignHints(entries, hints, cacheDir, cwd = process.cwd()) {
  const byAbs = new Map();
  const byKey = new Map();
  for (const e of entries) {
    byAbs.set(resolve(cwd, cachePath(cacheDir, e)), e);
    byKey.set(cacheKey(e), e);
  }
  const perEntry = new Map(entries.map((e) => [e, []]));
  const stray = [];
  for (const h of hints) {
    if (h === null || typeof h !== 'object' || typeof h.file !== 'string' || !Number.isInteger(h.line)) {
      stray.push(h);
      continue;
    }
    let e = byAbs.get(resolve(cwd, h.file));
    if (!e) {
      const norm = h.file.split(sep).join('/');
      for (const [k, v] of byKey) {
        if (norm === k || norm.endsWith(`/${k}`)) {
          e = v;
          break;
        }
      }
    }
    if (e) perEntry.get(e).push(h);
    else stray.push(h);
  }
  return { perEntry, stray };
}

function emptyCell() {
  return { hints: 0, truePositives: 0, labels: 0, found: 0 };
}

function finish(cell) {
  return {
    ...cell,
    precision: cell.hints === 0 ? null : cell.truePositives / cell.hints,
    recall: cell.labels === 0 ? null : cell.found / cell.labels,
  };
}

const near = (a, b, window) => Math.abs(a - b) <= window;

/**
 * Scores one entry's hints against its labels. Returns per-hint and per-label verdicts:
 * - a hint is a true positive when a label of the same note lies within `window` lines;
 * - a label is found when a hint of the same note lies within `window` lines;
 * - the tier verdicts (`tierMatch`) count only matches of the same tier.
 */
export function matchEntry(labels, hints, window = MATCH_WINDOW) {
  const hintVerdicts = hints.map((h) => ({
    hint: h,
    match: labels.some((l) => l.note === h.noteId && near(l.line, h.line, window)),
    tierMatch: labels.some((l) => l.note === h.noteId && l.tier === h.tier && near(l.line, h.line, window)),
  }));
  const labelVerdicts = labels.map((l) => ({
    label: l,
    found: hints.some((h) => h.noteId === l.note && near(l.line, h.line, window)),
    tierFound: hints.some((h) => h.noteId === l.note && h.tier === l.tier && near(l.line, h.line, window)),
  }));
  return { hintVerdicts, labelVerdicts };
}

function bucket() {
  return { overall: emptyCell(), notes: {}, languages: {}, tiers: Object.fromEntries(TIERS.map((t) => [t, emptyCell()])), files: 0 };
}

function cellOf(map, key) {
  return (map[key] ??= emptyCell());
}

/**
 * Scores the entries that have a cached file. `perEntry` maps each entry to its hints (from
 * assignHints); entries listed in `missing` are excluded and reported. Returns figures for
 * `tune`, `holdout` and `all`, each overall, per note, per language and per tier.
 */
export function scoreCorpus(entries, perEntry, { missing = [], stray = [], window = MATCH_WINDOW } = {}) {
  const missingSet = new Set(missing);
  const buckets = { tune: bucket(), holdout: bucket(), all: bucket() };
  for (const e of entries) {
    if (missingSet.has(e)) continue;
    const hints = perEntry.get(e) ?? [];
    const { hintVerdicts, labelVerdicts } = matchEntry(e.labels, hints, window);
    for (const b of [buckets[e.split], buckets.all]) {
      b.files += 1;
      for (const v of hintVerdicts) {
        const tp = v.match ? 1 : 0;
        for (const c of [b.overall, cellOf(b.notes, v.hint.noteId), cellOf(b.languages, e.language)]) {
          c.hints += 1;
          c.truePositives += tp;
        }
        if (TIERS.includes(v.hint.tier)) {
          const t = b.tiers[v.hint.tier];
          t.hints += 1;
          t.truePositives += v.tierMatch ? 1 : 0;
        }
      }
      for (const v of labelVerdicts) {
        const f = v.found ? 1 : 0;
        for (const c of [b.overall, cellOf(b.notes, v.label.note), cellOf(b.languages, e.language)]) {
          c.labels += 1;
          c.found += f;
        }
        const t = b.tiers[v.label.tier];
        t.labels += 1;
        t.found += v.tierFound ? 1 : 0;
      }
    }
  }
  const out = {};
  for (const [name, b] of Object.entries(buckets)) {
    out[name] = {
      files: b.files,
      overall: finish(b.overall),
      tiers: Object.fromEntries(Object.entries(b.tiers).map(([k, c]) => [k, finish(c)])),
      languages: Object.fromEntries(Object.entries(b.languages).sort().map(([k, c]) => [k, finish(c)])),
      notes: Object.fromEntries(Object.entries(b.notes).sort().map(([k, c]) => [k, finish(c)])),
    };
  }
  return {
    entries: entries.length,
    scored: entries.length - missingSet.size,
    missing: [...missingSet].map((e) => ({ repo: e.repo, commit: e.commit, path: e.path })),
    strayHints: stray.length,
    window,
    splits: out,
  };
}

const pct = (x) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);

function row(name, cells) {
  return `| ${name} | ${cells
    .map((c) => `${pct(c.precision)} (${c.truePositives}/${c.hints}) | ${pct(c.recall)} (${c.found}/${c.labels})`)
    .join(' | ')} |`;
}

function table(title, keys, get, splits) {
  const head = `| ${title} | ${splits.map((s) => `${s} precision | ${s} recall`).join(' | ')} |`;
  const sepLine = `|---|${splits.map(() => '---|---').join('|')}|`;
  return [head, sepLine, ...keys.map((k) => row(k, splits.map((s) => get(s, k))))].join('\n');
}

/** The report as Markdown: overall, per tier, per language, per note; tune, holdout and all. */
export function toMarkdown(result) {
  const splits = ['tune', 'holdout', 'all'];
  const s = result.splits;
  const union = (field) => [...new Set(splits.flatMap((x) => Object.keys(s[x][field])))].sort();
  const get = (field) => (split, key) => s[split][field][key] ?? finish(emptyCell());
  const parts = [];
  if (result.missing.length > 0) {
    parts.push(
      `> **WARNING: ${result.missing.length} of ${result.entries} corpus entries have no cached file and are NOT scored.** ` +
        'Run `node scripts/corpus/fill-cache.mjs` first.',
    );
  }
  parts.push(
    `Scored ${result.scored} of ${result.entries} files (tune ${s.tune.files}, holdout ${s.holdout.files}); ` +
      `a hint matches a label of the same file and note within ${result.window} lines. ` +
      'Cells: figure (matched/total).',
  );
  if (result.strayHints > 0) parts.push(`${result.strayHints} hints named files outside the corpus and were ignored.`);
  parts.push(table('overall', ['all hints'], (split) => s[split].overall, splits));
  parts.push(table('tier (same-tier matches only)', TIERS, get('tiers'), splits));
  parts.push(table('language', union('languages'), get('languages'), splits));
  parts.push(table('note', union('notes'), get('notes'), splits));
  return parts.join('\n\n') + '\n';
}

/** Path of a file relative to the working directory, for messages. */
export function shown(path, cwd = process.cwd()) {
  const r = relative(cwd, path);
  return r.startsWith('..') ? path : r;
}
