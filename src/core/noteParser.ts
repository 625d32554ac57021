import matter from 'gray-matter';
import { isAlias, parseDocument, visit } from 'yaml';
import { FrontMatterLines } from './frontMatterLines';
import { inlineText, parseNoteLink, parseTokens } from './markdown';
import { RULE_LANGUAGES, type RuleLanguage, type TreeLanguage } from './hints/languages';
import { re2Problem } from './hints/re2';
import { TIERS, type RuleExamples, type RuleLines, type Tier } from './hints/rule';
import type { HintRuleSpec, NoteLink, NoteSection, ParseResult, Problem } from './note';

/**
 * Turns a note file into a Note, or into every problem found in it. Never throws for bad input:
 * one broken note must not hide the others, so callers collect problems and go on.
 */

/** A note larger than this is refused: no note needs it, and the reader and index would suffer. */
export const MAX_NOTE_BYTES = 1024 * 1024;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const KNOWN_FIELDS = ['id', 'title', 'summary', 'topic', 'order', 'tags', 'related', 'hints'];
const HINT_FIELDS = ['id', 'tier', 'label', 'section', 'query', 'examples'];
/** Fields only the old regex rules had: such a rule is skipped with a warning until it is converted. */
const LEGACY_FIELDS = ['pattern', 'flags', 'languages'];
const MAX_LABEL = 80;

// gray-matter would run `---js` front matter through eval; these engines refuse instead.
const refuse = (lang: string) => () => {
  throw new Error(`front matter in ${lang} is not allowed; use YAML`);
};
/** Front matter larger than this is refused before it is parsed: no note needs more, and parsing stays bounded. */
export const MAX_FRONT_MATTER_BYTES = 128 * 1024;

/** A YAML error that knows its 1-based line inside the front matter. */
class FrontMatterYamlError extends Error {
  constructor(
    message: string,
    readonly yamlLine: number,
  ) {
    super(message);
  }
}

/**
 * YAML without aliases: `&a` / `*a` can expand a kilobyte into gigabytes ("billion laughs"), and no
 * note needs them. Parsed with the `yaml` package, whose documents keep every node's position.
 */
function parseFrontMatterYaml(text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  // Warnings count too: an unknown tag such as `!!js/function` is only a warning to the library.
  const error = doc.errors[0] ?? doc.warnings[0];
  if (error) throw new FrontMatterYamlError(error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''), lineOf(error.pos[0]));
  let alias: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      alias = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  if (alias !== undefined || isAlias(doc.contents)) throw new FrontMatterYamlError('YAML aliases (*name) are not allowed in front matter', lineOf(alias ?? 0));
  return doc.toJS({ maxAliasCount: 0 });
}

const MATTER_OPTIONS = {
  engines: {
    yaml: parseFrontMatterYaml as (input: string) => object,
    js: refuse('JavaScript'),
    javascript: refuse('JavaScript'),
    coffee: refuse('CoffeeScript'),
    coffeescript: refuse('CoffeeScript'),
    cson: refuse('CSON'),
  },
};

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
  // A line that starts with "---" but is not exactly "---" ("----", "---x") would end the front matter
  // for gray-matter and silently drop the fields after it: say so instead.
  const fence = lines.findIndex((l, i) => i > 0 && (closing === -1 || i < closing) && /^---/.test(l));
  if (fence !== -1) return fail(file, fence + 1, `front matter must be closed by a line of exactly "---", not "${lines[fence].trim().slice(0, 20)}"`);
  if (closing === -1) return fail(file, 1, 'front matter is not closed: add a "---" line after the fields');
  const frontMatterBytes = lines.slice(1, closing).reduce((n, l) => n + l.length + 1, 0);
  if (frontMatterBytes > MAX_FRONT_MATTER_BYTES) {
    return fail(file, 1, `front matter is ${Math.ceil(frontMatterBytes / 1024)} KB; the limit is ${MAX_FRONT_MATTER_BYTES / 1024} KB`);
  }

  let data: Record<string, unknown>;
  let body: string;
  try {
    const parsed = matter(src, MATTER_OPTIONS);
    data = (parsed.data ?? {}) as Record<string, unknown>;
    body = parsed.content;
  } catch (e) {
    const err = e as { message?: string; yamlLine?: number };
    // The YAML gray-matter parses starts with the newline that ends the opening fence, so its line 1
    // is file line 1; an error found at the end of the YAML is put on the closing fence.
    const line = typeof err.yamlLine === 'number' ? Math.max(1, Math.min(err.yamlLine, closing + 1)) : 1;
    const reason = String(err.message ?? e).split('\n')[0];
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
  const warnings: Problem[] = [];
  const legacy: string[] = [];
  if (data.hints !== undefined && data.hints !== null) {
    if (!Array.isArray(data.hints)) add(at.key('hints'), 'field "hints" must be a list of hint rules');
    else data.hints.forEach((h, i) => {
      if (isLegacyRule(h)) {
        legacy.push(typeof (h as { id?: unknown }).id === 'string' ? (h as { id: string }).id : `hint ${i + 1}`);
        return;
      }
      const rule = parseHint(h, i, at, anchors, add);
      if (rule) hints.push(rule);
    });
  }
  if (legacy.length) {
    warnings.push({
      file,
      line: at.key('hints'),
      message: `${legacy.length} legacy regex rule${legacy.length === 1 ? '' : 's'}, not run (convert to a tree-sitter query): ${legacy.join(', ')}`,
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
      warnings,
    },
  };
}

/** True for a rule in the old format (a `pattern:` regex), which the engine no longer runs. */
function isLegacyRule(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const keys = Object.keys(raw);
  return keys.some((k) => LEGACY_FIELDS.includes(k)) && !keys.includes('query');
}

const MAX_QUERY_CHARS = 20_000;
const MAX_EXAMPLE_CHARS = 5_000;

/**
 * Checks a rule's shape: fields, tier, label, section, one query per known language key and
 * examples for each. Compiling the queries and running the examples needs the grammars, so the
 * build does that next (hints/validate.ts) and names the same lines.
 */
function parseHint(
  raw: unknown,
  index: number,
  at: FrontMatterLines,
  anchors: Set<string>,
  add: (line: number, message: string) => void,
): HintRuleSpec | undefined {
  const name = `hint ${index + 1}`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    add(at.hint(index), `${name} must be a mapping with id, tier, label, section, query and examples`);
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
  const text = (key: string): string => {
    const v = h[key];
    if (v === undefined || v === null || v === '') {
      problem(undefined, `${name}: missing required field "${key}"`);
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
  const tierText = text('tier').trim();
  const who = id ? `hint "${id}"` : name;

  if (id && !SLUG.test(id)) problem('id', `${who}: id must be lower-case words joined by hyphens`);
  if (label.length > MAX_LABEL) problem('label', `${who}: label is ${label.length} characters; keep it to ${MAX_LABEL}`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(label)) problem('label', `${who}: label must be one line of plain text`);
  if (section && !anchors.has(section)) {
    problem('section', `${who}: section "${section}" is not a heading anchor of this note${suggest(section, [...anchors])}`);
  }
  if (tierText && !(TIERS as readonly string[]).includes(tierText)) problem('tier', `${who}: tier "${tierText}" must be one of ${TIERS.join(', ')}`);
  const tier = tierText as Tier;

  const lines: RuleLines = { rule: at.hint(index), query: {}, examples: {} };
  const queries: Partial<Record<TreeLanguage, string>> = {};
  let sql: string | undefined;
  const q = h.query;
  if (typeof q !== 'object' || q === null || Array.isArray(q)) {
    problem('query', `${who}: "query" must map language keys (${RULE_LANGUAGES.join(', ')}) to tree-sitter queries`);
  } else {
    for (const [lang, source] of Object.entries(q as Record<string, unknown>)) {
      const keyLine = at.hintPath(index, ['query', lang]) ?? at.hint(index, 'query');
      if (!(RULE_LANGUAGES as readonly string[]).includes(lang)) {
        problem(undefined, `${who}: unknown language key "${lang}" in query (known: ${RULE_LANGUAGES.join(', ')})${suggest(lang, [...RULE_LANGUAGES])}`, keyLine);
        continue;
      }
      if (typeof source !== 'string' || source.trim() === '') {
        problem(undefined, `${who}: query.${lang} must be a non-empty string`, keyLine);
        continue;
      }
      if (source.length > MAX_QUERY_CHARS) {
        problem(undefined, `${who}: query.${lang} is ${source.length} characters; keep it under ${MAX_QUERY_CHARS}`, keyLine);
        continue;
      }
      // A block scalar (`typescript: |`) starts on the next line; a quoted one on the key's line.
      lines.query[lang as RuleLanguage] = /:\s*[|>][-+0-9]*\s*$/.test(at.lineText(keyLine)) ? keyLine + 1 : keyLine;
      if (lang === 'sql') {
        const why = re2Problem(source.trim(), true);
        if (why) problem(undefined, `${who}: query.sql: ${why}`, keyLine);
        else sql = source.trim();
      } else queries[lang as TreeLanguage] = source;
    }
    if (Object.keys(q).length === 0) problem('query', `${who}: "query" has no language`);
  }

  const examples: Partial<Record<RuleLanguage, RuleExamples>> = {};
  const ex = h.examples;
  if (typeof ex !== 'object' || ex === null || Array.isArray(ex)) {
    problem('examples', `${who}: "examples" must map each language key of "query" to match and noMatch lists of code`);
  } else {
    for (const [lang, value] of Object.entries(ex as Record<string, unknown>)) {
      const keyLine = at.hintPath(index, ['examples', lang]) ?? at.hint(index, 'examples');
      if (!(RULE_LANGUAGES as readonly string[]).includes(lang)) {
        problem(undefined, `${who}: unknown language key "${lang}" in examples (known: ${RULE_LANGUAGES.join(', ')})`, keyLine);
        continue;
      }
      if (typeof q === 'object' && q !== null && !(lang in q)) {
        problem(undefined, `${who}: examples.${lang} has no query.${lang} to test`, keyLine);
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        problem(undefined, `${who}: examples.${lang} must have "match" and "noMatch" lists of code`, keyLine);
        continue;
      }
      const lists: RuleExamples = { match: [], noMatch: [] };
      const exampleLines = { match: [] as number[], noMatch: [] as number[] };
      for (const kind of ['match', 'noMatch'] as const) {
        const v = (value as Record<string, unknown>)[kind];
        const kindLine = at.hintPath(index, ['examples', lang, kind]) ?? keyLine;
        if (!Array.isArray(v) || v.length === 0 || v.some((s) => typeof s !== 'string' || s.trim() === '')) {
          problem(undefined, `${who}: examples.${lang}.${kind} must be a non-empty list of code strings`, kindLine);
          continue;
        }
        v.forEach((code: string, n: number) => {
          const line = at.hintListItem(index, ['examples', lang, kind], n) ?? kindLine;
          if (code.length > MAX_EXAMPLE_CHARS) problem(undefined, `${who}: examples.${lang}.${kind}[${n + 1}] is over ${MAX_EXAMPLE_CHARS} characters`, line);
          exampleLines[kind].push(line);
        });
        lists[kind] = v as string[];
      }
      for (const key of Object.keys(value)) {
        if (key !== 'match' && key !== 'noMatch') problem(undefined, `${who}: examples.${lang} has unknown list "${key}" (use match and noMatch)`, keyLine);
      }
      examples[lang as RuleLanguage] = lists;
      lines.examples[lang as RuleLanguage] = exampleLines;
    }
  }
  if (typeof q === 'object' && q !== null && !Array.isArray(q)) {
    for (const lang of Object.keys(q)) {
      if ((RULE_LANGUAGES as readonly string[]).includes(lang) && (typeof ex !== 'object' || ex === null || !(lang in ex))) {
        problem(undefined, `${who}: query.${lang} has no examples.${lang} (each language needs match and noMatch examples)`, at.hintPath(index, ['query', lang]) ?? at.hint(index, 'query'));
      }
    }
  }

  if (failed) return undefined;
  return { id, tier, label, section, queries, ...(sql ? { sql } : {}), examples, line: at.hint(index), lines };
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
