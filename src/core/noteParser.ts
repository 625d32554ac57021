import matter from 'gray-matter';
import { createContext, Script } from 'node:vm';
import { FrontMatterLines } from './frontMatterLines';
import { inlineText, parseNoteLink, parseTokens } from './markdown';
import { HINT_LANGUAGES, type HintLanguage, type HintRuleSpec, type NoteLink, type NoteSection, type ParseResult, type Problem } from './note';
import { patternProblem } from './hintRules';
import { structuralProblem } from './regexSafety';

/**
 * Turns a note file into a Note, or into every problem found in it. Never throws for bad input:
 * one broken note must not hide the others, so callers collect problems and go on.
 */

/** A note larger than this is refused: no note needs it, and the reader and index would suffer. */
export const MAX_NOTE_BYTES = 1024 * 1024;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const KNOWN_FIELDS = ['id', 'title', 'summary', 'topic', 'order', 'tags', 'related', 'hints'];
const HINT_FIELDS = ['id', 'label', 'section', 'languages', 'pattern', 'flags', 'examples'];
const MAX_LABEL = 80;

// gray-matter would run `---js` front matter through eval; these engines refuse instead.
const refuse = (lang: string) => () => {
  throw new Error(`front matter in ${lang} is not allowed; use YAML`);
};
const MATTER_OPTIONS = {
  engines: {
    js: refuse('JavaScript'),
    javascript: refuse('JavaScript'),
    coffee: refuse('CoffeeScript'),
    coffeescript: refuse('CoffeeScript'),
    cson: refuse('CSON'),
  },
};

/**
 * Hard stops for running a hint pattern at build time. The structural and timing checks catch most
 * catastrophic patterns, but one they miss (an overlapping alternation such as `(a|a)*b`) would
 * hang the build inside a single regex call instead of being refused. vm's timeout interrupts a
 * running regex, so the pattern is refused with a message instead. An example is a line of code
 * and matches in microseconds; the whole timing check takes up to about half a second for the
 * slowest bundled rule, so its limit leaves room for a busy machine.
 */
const EXAMPLE_TIME_LIMIT_MS = 1_000;
const guardContext = createContext({ task: undefined as (() => unknown) | undefined });
const guardScript = new Script('task()');

function withinTimeLimit<T>(ms: number, task: () => T): { ok: true; value: T } | { ok: false } {
  guardContext.task = task;
  try {
    return { ok: true, value: guardScript.runInContext(guardContext, { timeout: ms }) as T };
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return { ok: false };
    throw e;
  } finally {
    guardContext.task = undefined;
  }
}

const RUNAWAY =
  `it backtracks catastrophically (an alternation whose branches can match the same text, repeated, as in "(a|a)*", does this)`;

/** Decodes file bytes as UTF-8, refusing binary and mis-encoded files with the line of the first bad byte. */
export function decodeNoteBytes(file: string, bytes: Uint8Array): { ok: true; text: string } | { ok: false; problems: Problem[] } {
  if (bytes.length > MAX_NOTE_BYTES) {
    const mb = (bytes.length / 1024 / 1024).toFixed(1);
    return fail(file, 0, `note is ${mb} MB; the limit is ${MAX_NOTE_BYTES / 1024 / 1024} MB`);
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) return fail(file, lineOfByte(bytes, nul), 'file is binary (contains a NUL byte), not a Markdown note');
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return fail(file, lineOfByte(bytes, firstInvalidUtf8(bytes)), 'file is not valid UTF-8; save it as UTF-8');
  }
}

function fail(file: string, line: number, message: string): { ok: false; problems: Problem[] } {
  return { ok: false, problems: [{ file, line, message }] };
}

function lineOfByte(bytes: Uint8Array, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = bytes.length;
  // Smallest prefix that fails to decode ends at (or just after) the first bad byte.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    try {
      decoder.decode(bytes.subarray(0, mid + 1));
      lo = mid + 1;
    } catch (e) {
      void e;
      hi = mid;
    }
  }
  return Math.max(0, lo - 3);
}

/**
 * Parses one note. `file` is how problems name it (e.g. `notes/retries.md`); `expectedId` is the
 * id the file name implies, or undefined to skip that check.
 */
export function parseNote(file: string, text: string, expectedId?: string): ParseResult {
  const problems: Problem[] = [];
  const add = (line: number, message: string) => problems.push({ file, line, message });

  if (text.length > MAX_NOTE_BYTES) return fail(file, 0, `note is larger than ${MAX_NOTE_BYTES / 1024 / 1024} MB`);
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (src.trim() === '') return fail(file, 1, 'file is empty; a note starts with YAML front matter between two "---" lines');

  const lines = src.split('\n');
  const opening = lines[0].trimEnd();
  if (opening !== '---') {
    if (/^---\s*\S/.test(opening)) {
      return fail(file, 1, `front matter language "${opening.slice(3).trim()}" is not allowed; use plain "---" and YAML`);
    }
    return fail(file, 1, 'note must start with YAML front matter: a "---" line, the fields, and a closing "---" line');
  }
  const closing = lines.findIndex((l, i) => i > 0 && /^---\s*$/.test(l));
  if (closing === -1) return fail(file, 1, 'front matter is not closed: add a "---" line after the fields');

  let data: Record<string, unknown>;
  let body: string;
  try {
    const parsed = matter(src, MATTER_OPTIONS);
    data = (parsed.data ?? {}) as Record<string, unknown>;
    body = parsed.content;
  } catch (e) {
    const err = e as { message?: string; mark?: { line?: number }; reason?: string };
    // The YAML gray-matter parses starts with the newline that ends the opening fence, so its line 0
    // is file line 1; an error found at the end of the YAML is put on the closing fence.
    const line = typeof err.mark?.line === 'number' ? Math.min(err.mark.line + 1, closing + 1) : 1;
    const reason = err.reason ?? String(err.message ?? e).split('\n')[0];
    return fail(file, line, `front matter is not valid YAML: ${reason}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return fail(file, 2, 'front matter must be a mapping of fields (id, title, ...)');
  }

  const at = new FrontMatterLines(lines.slice(1, closing), 2);
  const bodyLine = closing + 2;

  for (const key of Object.keys(data)) {
    if (!KNOWN_FIELDS.includes(key)) add(at.key(key), `unknown field "${key}"${suggest(key, KNOWN_FIELDS)}`);
  }

  const str = (key: string): string => {
    const v = data[key];
    if (v === undefined || v === null || v === '') {
      add(at.key(key), `missing required field "${key}"`);
      return '';
    }
    if (typeof v !== 'string') {
      add(at.key(key), `field "${key}" must be a string, not ${describe(v)}`);
      return '';
    }
    return v.trim();
  };
  const list = (key: string): string[] => {
    const v = data[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' && typeof x !== 'number')) {
      add(at.key(key), `field "${key}" must be a list of strings`);
      return [];
    }
    return v.map((x) => String(x).trim()).filter(Boolean);
  };

  const id = str('id');
  if (id && !SLUG.test(id)) add(at.key('id'), `id "${id}" must be lower-case words joined by hyphens`);
  if (id && expectedId !== undefined && id !== expectedId) {
    add(at.key('id'), `id "${id}" must equal the file name "${expectedId}"`);
  }
  const title = str('title');
  const summary = str('summary');
  const topic = str('topic');
  let order = 0;
  if (data.order === undefined || data.order === null) add(at.key('order'), 'missing required field "order"');
  else if (typeof data.order !== 'number' || !Number.isFinite(data.order)) {
    add(at.key('order'), `field "order" must be a number, not ${describe(data.order)}`);
  } else order = data.order;
  const tags = list('tags');
  const related = list('related');
  for (const r of related) if (!SLUG.test(r)) add(at.key('related'), `related id "${r}" is not a note id`);

  // Body: sections, links and words come from the same tokens the reader renders.
  const sections: NoteSection[] = [];
  const links: NoteLink[] = [];
  let words = 0;
  try {
    analyseBody(body, bodyLine, sections, links, (n) => (words += n));
  } catch (e) {
    add(bodyLine, `body could not be read as Markdown: ${(e as Error).message}`);
  }
  const anchors = new Set(sections.map((s) => s.anchor));

  const hints: HintRuleSpec[] = [];
  if (data.hints !== undefined && data.hints !== null) {
    if (!Array.isArray(data.hints)) add(at.key('hints'), 'field "hints" must be a list of hint rules');
    else data.hints.forEach((h, i) => {
      const rule = parseHint(h, i, at, anchors, add);
      if (rule) hints.push(rule);
    });
  }

  if (!problems.length && body.trim() === '') {
    add(bodyLine - 1, 'note has no body after its front matter; write the note below the closing "---"');
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    note: {
      id, file, title, summary, topic, order, tags, related, hints, body, bodyLine, sections, links, wordCount: words,
      fieldLines: Object.fromEntries(KNOWN_FIELDS.map((k) => [k, at.key(k)])),
    },
  };
}

function parseHint(
  raw: unknown,
  index: number,
  at: FrontMatterLines,
  anchors: Set<string>,
  add: (line: number, message: string) => void,
): HintRuleSpec | undefined {
  const name = `hint ${index + 1}`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    add(at.hint(index), `${name} must be a mapping with id, label, section, languages, pattern and examples`);
    return undefined;
  }
  const h = raw as Record<string, unknown>;
  let failed = false;
  const problem = (field: string | undefined, message: string, line = at.hint(index, field)) => {
    failed = true;
    add(line, message);
  };
  for (const key of Object.keys(h)) {
    if (!HINT_FIELDS.includes(key)) problem(key, `${name}: unknown field "${key}"${suggest(key, HINT_FIELDS)}`);
  }
  const text = (key: string, required = true): string => {
    const v = h[key];
    if (v === undefined || v === null || v === '') {
      if (required) problem(undefined, `${name}: missing required field "${key}"`);
      return '';
    }
    if (typeof v !== 'string') {
      problem(key, `${name}: field "${key}" must be a string, not ${describe(v)}`);
      return '';
    }
    return v;
  };
  const id = text('id').trim();
  const label = text('label').trim();
  const section = text('section').trim();
  const pattern = text('pattern');
  const flags = text('flags', false);
  const who = id ? `hint "${id}"` : name;

  if (id && !SLUG.test(id)) problem('id', `${who}: id must be lower-case words joined by hyphens`);
  if (label.length > MAX_LABEL) problem('label', `${who}: label is ${label.length} characters; keep it to ${MAX_LABEL}`);
  if (section && !anchors.has(section)) {
    problem('section', `${who}: section "${section}" is not a heading anchor of this note${suggest(section, [...anchors])}`);
  }

  let languages: HintLanguage[] = [];
  const langs = h.languages;
  if (!Array.isArray(langs) || langs.length === 0) problem('languages', `${who}: "languages" must be a non-empty list of VS Code language ids`);
  else {
    for (const l of langs) {
      if (!(HINT_LANGUAGES as readonly unknown[]).includes(l)) {
        problem('languages', `${who}: unknown language "${String(l)}" (known: ${HINT_LANGUAGES.join(', ')})`);
      }
    }
    languages = langs.filter((l): l is HintLanguage => (HINT_LANGUAGES as readonly unknown[]).includes(l));
  }

  let re: RegExp | undefined;
  if (pattern) {
    const why = patternProblem(pattern, flags) ?? structuralProblem(pattern, flags);
    if (why) problem('pattern', `${who}: ${why}`);
    else re = new RegExp(pattern, flags);
  }

  const examples = { match: [] as string[], noMatch: [] as string[] };
  let runaway = false;
  const ex = h.examples;
  if (typeof ex !== 'object' || ex === null || Array.isArray(ex)) {
    problem('examples', `${who}: "examples" must have "match" and "noMatch" lists of code`);
  } else {
    for (const kind of ['match', 'noMatch'] as const) {
      const v = (ex as Record<string, unknown>)[kind];
      if (!Array.isArray(v) || v.length === 0 || v.some((s) => typeof s !== 'string')) {
        problem('examples', `${who}: examples.${kind} must be a non-empty list of code strings`);
        continue;
      }
      examples[kind] = v as string[];
      if (!re) continue;
      v.forEach((code: string, n: number) => {
        if (!re || runaway) return;
        const run = withinTimeLimit(EXAMPLE_TIME_LIMIT_MS, () => re.test(code));
        if (!run.ok) {
          runaway = true;
          problem('pattern', `${who}: pattern ran for over ${EXAMPLE_TIME_LIMIT_MS} ms on examples.${kind}[${n + 1}]; ${RUNAWAY}`);
          return;
        }
        const hit = run.value;
        if (kind === 'match' && !hit) {
          problem(undefined, `${who}: examples.match[${n + 1}] does not match the pattern: ${preview(code)}`, at.example(index, kind, n));
        }
        if (kind === 'noMatch' && hit) {
          problem(undefined, `${who}: examples.noMatch[${n + 1}] matches the pattern: ${preview(code)}`, at.example(index, kind, n));
        }
      });
    }
  }
  for (const key of Object.keys(ex ?? {})) {
    if (key !== 'match' && key !== 'noMatch') problem('examples', `${who}: examples has unknown list "${key}" (use match and noMatch)`);
  }

  if (failed) return undefined;
  return { id, label, section, languages, pattern, flags, examples, line: at.hint(index) };
}

function analyseBody(
  body: string,
  bodyLine: number,
  sections: NoteSection[],
  links: NoteLink[],
  countWords: (n: number) => void,
): void {
  const tokens = parseTokens(body);
  let current: NoteSection = { anchor: '', heading: '', level: 1, line: bodyLine, text: '' };
  const parts: string[] = [];
  const flush = () => {
    current.text = parts.join(' ').replace(/\s+/g, ' ').trim();
    if (current.anchor !== '' || current.text !== '') sections.push(current);
    parts.length = 0;
  };
  const lineOf = (map: [number, number] | null) => bodyLine + (map ? map[0] : 0);

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'heading_open') {
      flush();
      const heading = inlineText(tokens[i + 1]);
      current = { anchor: t.attrGet('id') ?? '', heading, level: Number(t.tag.slice(1)), line: lineOf(t.map), text: '' };
      countWords(wordCount(heading));
      i++;
      continue;
    }
    if (t.type === 'inline') {
      const text = inlineText(t);
      parts.push(text);
      countWords(wordCount(text));
      for (const c of t.children ?? []) {
        if (c.type !== 'link_open') continue;
        const target = parseNoteLink(c.attrGet('href') ?? '');
        if (target) links.push({ ...target, line: lineOf(t.map) });
      }
    } else if (t.type === 'fence' || t.type === 'code_block') {
      parts.push(t.content);
    }
  }
  flush();
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Date) return 'a date';
  if (v === null) return 'empty';
  return typeof v === 'object' ? 'a mapping' : `a ${typeof v}`;
}

function preview(code: string): string {
  const one = code.replace(/\s+/g, ' ').trim();
  return JSON.stringify(one.length > 70 ? one.slice(0, 67) + '...' : one);
}

/** ` (did you mean "x"?)` when a known name is one or two edits away. */
function suggest(name: string, known: string[]): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best ? ` (did you mean "${best}"?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
