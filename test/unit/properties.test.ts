import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import matter from 'gray-matter';
import { LineIndex } from '../../src/core/hints/engine';
import { HINT_LANGUAGE_IDS } from '../../src/core/hints/languages';
import { presentHints } from '../../src/core/hints/present';
import { hintData } from '../../src/core/knowledgeBase';
import { isAllowedHref, renderNoteHtml } from '../../src/core/markdown';
import { formatProblem, type HintRuleData, type Note, type ParseResult } from '../../src/core/note';
import { decodeNoteBytes, MAX_NOTE_BYTES, parseNote } from '../../src/core/noteParser';
import { loadNoteSet, type NoteFile } from '../../src/core/noteSet';
import { noteDocument } from '../../src/core/search/documents';
import { hitGroup, SearchIndex } from '../../src/core/search/searchIndex';
import { parseReaderState, parseWebviewMessage } from '../../src/shared/messages';
import { FIXTURES, ROOT, readNoteFiles, readTopics } from './helpers';
import { engineOf } from './hintHelpers';

/**
 * Properties of the public functions that take untrusted or hand-written input: the note parser,
 * the byte decoder, the note set, the Markdown renderer, the search query, the hint scanner and the
 * webview message parser. Inputs are arbitrary strings and bytes, and real files mutated.
 *
 * Runs: 10,000 cases per property when CI is set (the CI script sets it), 300 otherwise;
 * PROPERTY_RUNS overrides both. A failure prints fast-check's seed and the shrunk counterexample.
 */
const RUNS = Number(process.env.PROPERTY_RUNS) || (process.env.CI ? 10_000 : 300);
const options = { numRuns: RUNS };

// ---------------------------------------------------------------------------------------------
// Inputs

const read = (...parts: string[]) => readFileSync(join(FIXTURES, ...parts), 'utf8');

/** Small real notes, sound and broken, to mutate. Small keeps 10,000 runs fast. */
const NOTE_SEEDS = [
  read('notes', 'timeouts-first.md'),
  read('notes', 'retries-in-practice.md'),
  read('broken-notes', 'valid-beside-broken.md'),
  read('broken-notes', 'bad-links.md'),
  read('broken-notes', 'bad-patterns.md'),
  read('broken-notes', 'invalid-yaml.md'),
  read('broken-notes', 'wrong-types.md'),
  read('broken-notes', 'missing-fields.md'),
  read('broken-notes', 'unknown-field.md'),
  read('broken-notes', 'only-front-matter.md'),
  read('broken-notes', 'yaml-alias-bomb.md'),
];

/** Fragments that mean something to YAML, Markdown, HTML or the parser's own checks. */
const TOKENS = [
  '---', '---js', '\n---\n', ':', ': ', '- ', '  ', '\t', '\n', '\r\n', '\r', '\uFEFF', '\0', '\uD800', '#', '## ', '```', '~~~',
  '[', ']', '(', ')', '{', '}', '&a ', '*a', '!!js/function ', '!!binary ', '? ', '|', '>', '"', "'", '\\', '%',
  'id: x', 'hints:', '  - id: h', 'pattern: ', '(a+)+', '\\1', '(?<n>x)', 'order: 1', 'related: [', '[x](y.md#z)',
  '<script>', '<img src=x onerror=alert(1)>', 'javascript:', '&#106;', '&lt;', '<http://a.b>', '![i](', '](', '\u202E', '🙂',
];

const text = (maxLength: number) =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 })), { maxLength: Math.ceil(maxLength / 4) }).map((a) => a.join('')),
  );

type Mutation = { kind: 'insert' | 'delete' | 'replace' | 'duplicateLine' | 'dropLine' | 'truncate'; at: number; len: number; with: string };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('insert', 'delete', 'replace', 'duplicateLine', 'dropLine', 'truncate'),
  at: fc.nat(),
  len: fc.nat({ max: 24 }),
  with: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 })),
});

function mutate(source: string, mutations: readonly Mutation[]): string {
  let s = source;
  for (const m of mutations) {
    const at = s.length ? m.at % (s.length + 1) : 0;
    if (m.kind === 'insert') s = s.slice(0, at) + m.with + s.slice(at);
    else if (m.kind === 'delete') s = s.slice(0, at) + s.slice(at + m.len);
    else if (m.kind === 'replace') s = s.slice(0, at) + m.with + s.slice(at + m.len);
    else if (m.kind === 'truncate') s = s.slice(0, at);
    else {
      const lines = s.split('\n');
      const i = m.at % lines.length;
      if (m.kind === 'duplicateLine') lines.splice(i, 0, lines[i]);
      else lines.splice(i, 1);
      s = lines.join('\n');
    }
  }
  return s;
}

const mutated = (seeds: readonly string[]) =>
  fc.tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 6 })).map(([seed, ms]) => mutate(seed, ms));

/** Note files: arbitrary text, note-shaped text with arbitrary fields, and mutated real notes. */
const noteText = fc.oneof(
  { weight: 1, arbitrary: text(300) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.array(fc.tuple(fc.constantFrom('id', 'title', 'summary', 'topic', 'order', 'tags', 'related', 'hints', 'x'), text(20)), { maxLength: 8 }), text(200))
      .map(([fields, body]) => `---\n${fields.map(([k, v]) => `${k}: ${v}`).join('\n')}\n---\n${body}`),
  },
  { weight: 3, arbitrary: mutated(NOTE_SEEDS) },
);

interface Bundled {
  notes: Note[];
  rules: HintRuleData[];
  /** The rules' own example code, match and noMatch. */
  snippets: string[];
}
let bundled: Bundled | undefined;

/**
 * The bundled notes and their hint rules. Rules in the tree-sitter format come from the note set
 * (checked by the knowledge-base tests); legacy regex rules are skipped by the parser and run nowhere.
 * Notes are also parsed without their hints, as seeds for the parser properties.
 */
function bundledNotes(): Bundled {
  if (bundled) return bundled;
  const notes: Note[] = [];
  const files = readNoteFiles(join(ROOT, 'notes'));
  const set = loadNoteSet(files, readTopics(join(ROOT, 'notes')));
  const rules: HintRuleData[] = set.notes.flatMap(hintData);
  const snippets = set.notes.flatMap((n) => n.hints.flatMap((h) => Object.values(h.examples).flatMap((e) => [...(e?.match ?? []), ...(e?.noMatch ?? [])])));
  for (const f of files) {
    const parsed = matter(new TextDecoder().decode(f.bytes), {}); // options: no shared cache to mutate
    const data = parsed.data as Record<string, unknown>;
    delete data.hints;
    const r = parseNote(f.file, matter.stringify(parsed.content, data));
    if (r.ok) notes.push(r.note);
  }
  return (bundled = { notes, rules, snippets });
}

// ---------------------------------------------------------------------------------------------
// Shared invariants

function lineCount(s: string): number {
  return s.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n').length;
}

/** A parse result is a note or at least one problem, each naming the file and a line inside it. */
function assertResult(file: string, input: string, r: ParseResult): void {
  if (r.ok) {
    assert.equal(r.note.file, file);
    assert.match(r.note.id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    assert.ok(r.note.title && r.note.summary && r.note.topic, 'a note has its required fields');
    assert.ok(Number.isFinite(r.note.order));
    const anchors = r.note.sections.map((s) => s.anchor);
    assert.equal(new Set(anchors).size, anchors.length, 'section anchors are unique');
    for (const s of r.note.sections) assert.ok(s.line >= 1 && s.line <= lineCount(input), `section line ${s.line}`);
    return;
  }
  assert.ok(r.problems.length >= 1, 'a refused note says why');
  for (const p of r.problems) {
    assert.equal(p.file, file);
    assert.equal(typeof p.message, 'string');
    assert.ok(p.message.length > 0);
    assert.ok(Number.isInteger(p.line), `line ${p.line}`);
    // Line 0 is reserved for the whole-file size limit.
    assert.ok(p.line >= 1 || /limit|larger/.test(p.message), formatProblem(p));
    assert.ok(p.line <= lineCount(input), `${formatProblem(p)} is past the end (${lineCount(input)} lines)`);
  }
}

// ---------------------------------------------------------------------------------------------
// What the renderer may emit

/** Hostile Markdown fragments the renderer property mixes (the browser corpus has the full set). */
const HOSTILE_FRAGMENTS = [
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<svg onload=alert(1)>', '<a href="javascript:alert(1)">x</a>',
  '[a](javascript:alert(1))', '[a](JaVaScRiPt:alert(1))', '[a](&#106;avascript:alert(1))', '[a](java\tscript:alert(1))',
  '[a](data:text/html,<script>alert(1)</script>)', '[a](vbscript:msgbox(1))', '[a](file:///etc/passwd)', '[a](command:workbench.action.quit)',
  '<javascript:alert(1)>', '<data:text/html,x>', '[r]: javascript:alert(1)', '[r]', '[x][r]', '![i](javascript:alert(1))',
  '![i](https://canary.invalid/x.png)', '[n](a-b.md#"><script>)', '[n](a-b.md#%22%3E%3Cscript%3E)', '```js" onmouseover="alert(1)\nx\n```',
  '## "><img src=x onerror=alert(1)>', '| a | b |\n|---|:-:|\n| <script> | x |', '<!-- x -->', '<![CDATA[x]]>', '&lt;script&gt;',
  '<http://a.b/" onmouseover="alert(1)>', '<a@b.c>', 'https://a.b/?q="><script>', '*', '_', '`', '[', ']', '(', ')', '\n', '\n\n', '> ', '- ',
];

const ALLOWED_TAGS = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'img', 'em', 'strong', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li',
  'hr', 'br', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'div', 'span', 'button',
]);
const ALLOWED_ATTRIBUTES = new Set(['href', 'src', 'alt', 'title', 'id', 'class', 'type', 'start', 'style', 'aria-label', 'data-note', 'data-section', 'data-external']);

const unescapeAttr = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/**
 * Raw HTML is off, so every `<` in the output must open a tag the renderer wrote: a known tag with
 * known attributes, every value quoted and escaped, no event handler, every link and image vetted.
 */
function assertSafeHtml(html: string): void {
  const TAG = /<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z][a-z-]*(?:="[^"<>]*")?)*)\s*\/?>/gy;
  for (let i = html.indexOf('<'); i !== -1; i = html.indexOf('<', i + 1)) {
    TAG.lastIndex = i;
    const m = TAG.exec(html);
    assert.ok(m, `raw "<" in output at ${i}: ${JSON.stringify(html.slice(i, i + 60))}`);
    assert.ok(ALLOWED_TAGS.has(m[2]), `tag <${m[2]}>`);
    for (const a of m[3].matchAll(/([a-z][a-z-]*)(?:="([^"]*)")?/g)) {
      assert.ok(ALLOWED_ATTRIBUTES.has(a[1]), `attribute ${a[1]} on <${m[2]}>`);
      const value = unescapeAttr(a[2] ?? '');
      // An empty destination (`[a]()`, `![i]()`) renders as "", which points at the page itself.
      if (a[1] === 'href' || a[1] === 'src') assert.ok(value === '' || isAllowedHref(value), `${a[1]}="${value}"`);
      if (a[1] === 'style') assert.match(value, /^text-align:(left|right|center)$/);
    }
  }
}

// ---------------------------------------------------------------------------------------------

describe('properties', function () {
  this.timeout(120_000);

  describe('parseNote', () => {
    it('never throws; returns a note, or problems that name the file and a line inside it', () => {
      fc.assert(
        fc.property(noteText, (input) => {
          assertResult('fuzz/note.md', input, parseNote('fuzz/note.md', input));
        }),
        options,
      );
    });
  });

  describe('decodeNoteBytes', () => {
    const byteSeeds = NOTE_SEEDS.map((s) => new TextEncoder().encode(s));
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      fc
        .tuple(fc.constantFrom(...byteSeeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }))
        .map(([seed, edits]) => {
          const b = Uint8Array.from(seed);
          for (const [at, v] of edits) b[at % b.length] = v;
          return b;
        }),
    );

    it('never throws; valid UTF-8 round-trips, anything else is one problem on a line of the file', () => {
      fc.assert(
        fc.property(bytes, (b) => {
          const r = decodeNoteBytes('fuzz/note.md', b);
          if (r.ok) {
            const expected = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b;
            assert.deepEqual(new TextEncoder().encode(r.text), expected);
            assert.ok(!r.text.includes('\0'));
            return;
          }
          assert.equal(r.problems.length, 1);
          const lines = 1 + b.filter((x) => x === 0x0a).length;
          assert.ok(r.problems[0].line >= 1 && r.problems[0].line <= lines, formatProblem(r.problems[0]));
        }),
        options,
      );
    });
  });

  describe('loadNoteSet', () => {
    const good = [
      { file: 'notes/timeouts-first.md', bytes: readFileSync(join(FIXTURES, 'notes', 'timeouts-first.md')) },
      { file: 'notes/valid-beside-broken.md', bytes: readFileSync(join(FIXTURES, 'broken-notes', 'valid-beside-broken.md')) },
    ];
    const topics = readTopics(join(FIXTURES, 'notes'));
    const junk = fc.array(
      fc.oneof(noteText.map((t) => new TextEncoder().encode(t)), fc.uint8Array({ maxLength: 200 })),
      { minLength: 1, maxLength: 3 },
    );

    it('keeps every sound note when broken files lie beside it, and names each broken file', () => {
      fc.assert(
        fc.property(junk, (blobs) => {
          const files: NoteFile[] = [...good, ...blobs.map((bytes, i) => ({ file: `fuzz/junk-${i}.md`, bytes }))];
          const set = loadNoteSet(files, topics);
          const ids = set.notes.map((n) => n.id);
          assert.ok(ids.includes('timeouts-first') && ids.includes('valid-beside-broken'), ids.join());
          for (const p of set.problems) assert.ok(files.some((f) => f.file === p.file), formatProblem(p));
          const loadedFiles = new Set(set.notes.map((n) => n.file));
          for (const f of files) {
            assert.ok(loadedFiles.has(f.file) || set.problems.some((p) => p.file === f.file), `${f.file} vanished without a problem`);
          }
        }),
        options,
      );
    });
  });

  describe('renderNoteHtml', () => {
    const realBodies = ['retries-in-practice.md', 'timeouts-first.md'].map((f) => read('notes', f));
    const markdown = fc.oneof(
      text(400),
      mutated(realBodies),
      fc.array(fc.constantFrom(...HOSTILE_FRAGMENTS), { minLength: 1, maxLength: 12 }).map((a) => a.join('')),
      fc.tuple(fc.array(fc.constantFrom(...HOSTILE_FRAGMENTS), { maxLength: 6 }), fc.array(mutation, { maxLength: 4 })).map(([a, ms]) => mutate(a.join('\n'), ms)),
    );

    it('never throws, and what it returns is only markup the renderer wrote, with vetted links', () => {
      fc.assert(
        fc.property(markdown, (md) => {
          assertSafeHtml(renderNoteHtml(md));
        }),
        options,
      );
    });
  });

  describe('SearchIndex.search', () => {
    // The bundled notes, as the extension searches them.
    const set = bundledNotes();
    const index = SearchIndex.create(set.notes.map(noteDocument));
    const sectionsOf = new Map(set.notes.map((n) => [n.id, new Set(n.sections.map((s) => s.anchor))]));
    const vocabulary = [...new Set(set.notes.flatMap((n) => `${n.title} ${n.tags.join(' ')}`.toLowerCase().split(/[^\p{L}\p{N}]+/u)))].filter(Boolean);
    const query = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 5 }).map((w) => w.join(' ')),
      fc.tuple(fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 4 }), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([w, ms]) => mutate(w.join(' '), ms)),
    );

    it('never throws; returns at most `limit` hits, one per existing note, at an existing section, best first', () => {
      assert.ok(set.notes.length > 0, 'no bundled notes loaded');
      fc.assert(
        fc.property(query, fc.integer({ min: 1, max: 30 }), (q, limit) => {
          const hits = index.search(q, { limit });
          assert.ok(hits.length <= limit);
          assert.equal(new Set(hits.map((h) => h.noteId)).size, hits.length, 'one hit per note');
          for (let i = 0; i < hits.length; i++) {
            const h = hits[i];
            assert.ok(sectionsOf.get(h.noteId)?.has(h.anchor), `${h.noteId}#${h.anchor}`);
            assert.ok(Number.isFinite(h.score) && h.score > 0);
            // Every word as typed, then close spellings, then some of the words; each group best first.
            const order = ['', 'Close spellings', 'Some of the words'];
            if (i > 0) {
              const [a, b] = [order.indexOf(hitGroup(hits[i - 1])), order.indexOf(hitGroup(h))];
              assert.ok(a < b || (a === b && hits[i - 1].score >= h.score), 'groups in order, best first');
            }
          }
          if (!q.trim()) assert.deepEqual(hits, []);
        }),
        options,
      );
    });
  });

  describe('hint engine', function () {
    this.timeout(600_000);
    const fixtures = loadNoteSet(readNoteFiles(join(FIXTURES, 'notes')), readTopics(join(FIXTURES, 'notes'))).notes;
    const hintFixtures = loadNoteSet(readNoteFiles(join(FIXTURES, 'hint-notes')), readTopics(join(FIXTURES, 'hint-notes'))).notes;
    const rules: HintRuleData[] = [...bundledNotes().rules, ...fixtures.flatMap(hintData), ...hintFixtures.flatMap(hintData)];
    const engine = engineOf(...rules);
    const languages = [...HINT_LANGUAGE_IDS, 'plaintext'];
    // Code that real rules fire on, so the engine has matches to get wrong.
    const snippets = [
      ...bundledNotes().snippets,
      ...[...fixtures, ...hintFixtures].flatMap((n) => n.hints.flatMap((h) => Object.values(h.examples).flatMap((e) => [...(e?.match ?? []), ...(e?.noMatch ?? [])]))),
    ];
    const code = fc.oneof(
      text(300),
      fc.array(fc.constantFrom(...snippets), { minLength: 1, maxLength: 5 }).map((a) => a.join('\n')),
      fc.tuple(fc.array(fc.constantFrom(...snippets), { minLength: 1, maxLength: 5 }), fc.array(mutation, { minLength: 1, maxLength: 5 })).map(([a, ms]) => mutate(a.join('\n'), ms)),
    );
    // Each case parses a document: fewer runs than the pure properties, still thousands in CI.
    const scanOptions = { numRuns: Math.max(50, Math.floor(RUNS / 10)) };

    it('never throws; every hint lies inside the document, its line and column agree with its offset', async () => {
      assert.ok(rules.length > 0, 'no hint rules loaded');
      const byId = new Map(rules.map((r) => [r.id, r]));
      await fc.assert(
        fc.asyncProperty(code, fc.constantFrom(...languages), async (doc, languageId) => {
          const hints = await engine.scanText(doc, languageId);
          const lines = new LineIndex(doc);
          let previous = -1;
          for (const h of hints) {
            assert.ok(Number.isInteger(h.start) && Number.isInteger(h.end));
            assert.ok(h.start >= 0 && h.start <= h.end && h.end <= doc.length, `[${h.start}, ${h.end}) outside 0..${doc.length}`);
            assert.ok(h.start >= previous, 'document order');
            previous = h.start;
            assert.deepEqual({ line: h.line, column: h.column }, lines.position(h.start));
            assert.deepEqual({ line: h.endLine, column: h.endColumn }, lines.position(h.end));
            assert.ok(byId.has(h.ruleId), h.ruleId);
          }
        }),
        scanOptions,
      );
    });

    it('shows a subset of those hints, within the per-file limit, risks only when asked', async () => {
      await fc.assert(
        fc.asyncProperty(code, fc.constantFrom(...languages), fc.integer({ min: 0, max: 12 }), fc.constantFrom('all' as const, 'risks' as const), async (doc, languageId, maxPerFile, show) => {
          const raw = await engine.scanText(doc, languageId);
          const all = new Set(raw.map((h) => `${h.start}:${h.ruleId}`));
          const shown = presentHints(raw, { show, maxPerFile });
          assert.ok(shown.length <= maxPerFile);
          for (const h of shown) {
            assert.ok(all.has(`${h.start}:${h.ruleId}`));
            if (show === 'risks') assert.equal(h.tier, 'risk');
          }
        }),
        scanOptions,
      );
    });
  });

  describe('parseWebviewMessage', () => {
    const shaped = fc.record(
      {
        type: fc.oneof(fc.constantFrom('ready', 'open', 'section', 'openExternal', 'copy', 'show', '__proto__'), fc.string()),
        noteId: fc.oneof(fc.constantFrom('a', 'retries-in-practice', '../x', 'A', ''), fc.string(), fc.anything()),
        section: fc.oneof(fc.constantFrom('', 'x-y', 'café', '"><script>'), fc.string(), fc.anything()),
        via: fc.oneof(fc.constantFrom('link', 'history', 'open'), fc.anything()),
        href: fc.oneof(fc.constantFrom('https://a.b', 'javascript:alert(1)', 'command:x'), fc.string(), fc.anything()),
        text: fc.oneof(fc.string(), fc.anything()),
      },
      { requiredKeys: ['type'] },
    );

    it('never throws; returns undefined or a well-formed message, and is idempotent', () => {
      fc.assert(
        fc.property(fc.oneof(fc.anything(), shaped), (raw) => {
          const m = parseWebviewMessage(raw);
          if (m === undefined) return;
          assert.ok(['ready', 'open', 'section', 'openExternal', 'copy'].includes(m.type));
          if (m.type === 'open' || m.type === 'section') {
            assert.match(m.noteId, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
            assert.match(m.section, /^[\p{L}\p{N}-]{0,200}$/u);
          }
          if (m.type === 'openExternal') assert.ok(typeof m.href === 'string' && m.href.length <= 2048);
          if (m.type === 'copy') assert.equal(typeof m.text, 'string');
          assert.deepEqual(parseWebviewMessage(m), m);
        }),
        options,
      );
    });

    it('parseReaderState never throws and returns a usable state or undefined', () => {
      fc.assert(
        fc.property(fc.oneof(fc.anything(), fc.record({ history: fc.array(fc.record({ noteId: fc.oneof(fc.string(), fc.constant('a'), fc.anything()), section: fc.oneof(fc.constant(''), fc.anything()) }, { requiredKeys: ['noteId'] })), index: fc.oneof(fc.double(), fc.integer()) })), (raw) => {
          const s = parseReaderState(raw);
          if (s === undefined) return;
          assert.ok(s.history.length >= 1 && s.history.length <= 100);
          for (const e of s.history) assert.ok(typeof e.noteId === 'string' && typeof e.section === 'string', JSON.stringify(e));
          assert.ok(Number.isInteger(s.index) && s.index >= 0 && s.index < s.history.length, String(s.index));
        }),
        options,
      );
    });
  });
});

// ---------------------------------------------------------------------------------------------
// The broken-notes folder, file by file (issue 6, part 3)

describe('the broken-notes fixtures', function () {
  this.timeout(60_000);
  const dir = join(FIXTURES, 'broken-notes');
  const files = readNoteFiles(dir);
  const sound = readNoteFiles(join(FIXTURES, 'notes'));
  const big: NoteFile = { file: 'test/fixtures/broken-notes/generated-10mb.md', bytes: new TextEncoder().encode('---\nid: big\n---\n' + 'word '.repeat(2_100_000)) };
  const set = loadNoteSet([...sound, ...files, big], readTopics(join(FIXTURES, 'notes')));
  const lines = set.problems.map(formatProblem);
  const problemsOf = (name: string) => set.problems.filter((p) => p.file.endsWith(`/${name}`)).map(formatProblem);

  it('names the file and a line inside it for every problem', () => {
    for (const p of set.problems) {
      const f = [...files, big].find((x) => x.file === p.file);
      assert.ok(f, `problem for a file that was not given: ${formatProblem(p)}`);
      if (f === big) continue;
      const count = lineCount(new TextDecoder().decode(f.bytes));
      assert.ok(p.line >= 1 && p.line <= count, formatProblem(p));
    }
  });

  const expected: Record<string, RegExp> = {
    'runaway-pattern.md': /runaway-pattern\.md:13: hint "overlapping-alternation": query\.sql: regular expression .* is not valid RE2 syntax: .*invalid escape/,
    'yaml-alias-bomb.md': /yaml-alias-bomb\.md:6: front matter is not valid YAML: YAML aliases \(\*name\) are not allowed/,
    'yaml-js-tag.md': /yaml-js-tag\.md:3: front matter is not valid YAML: unresolved tag/i,
    'proto-key.md': /proto-key\.md:7: unknown field "__proto__"/,
    'front-matter-list.md': /front-matter-list\.md:2: front matter must be a mapping/,
    'dash-fence.md': /dash-fence\.md:5: front matter must be closed by a line of exactly "---", not "----"/,
    'word-fence.md': /word-fence\.md:7: front matter must be closed by a line of exactly "---", not "---x"/,
    'unclosed-front-matter.md': /unclosed-front-matter\.md:1: front matter is not closed/,
    'generated-10mb.md': /generated-10mb\.md: note is 10\.0 MB; the limit is 1 MB/,
  };
  for (const [name, re] of Object.entries(expected)) {
    it(`${name}: one clear problem`, () => {
      assert.equal(problemsOf(name).length, 1, problemsOf(name).join('\n') || lines.join('\n'));
      assert.match(problemsOf(name)[0], re);
    });
  }

  it('refuses a hint rule whose regex needs backtracking (the linear engine cannot run it), with no timing involved', () => {
    assert.ok(problemsOf('runaway-pattern.md').length === 1);
  });

  it('runs no code from YAML tags and pollutes no prototype', () => {
    assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
    assert.equal(existsSync('/tmp/pwned-by-yaml'), false);
  });

  it('still loads the sound notes beside them (CRLF and a BOM included), and they are searchable', () => {
    const ids = set.notes.map((n) => n.id);
    for (const id of ['timeouts-first', 'retries-in-practice', 'valid-beside-broken', 'valid-beside-broken-crlf-bom']) assert.ok(ids.includes(id), id);
    const index = SearchIndex.create(set.notes.map(noteDocument));
    assert.equal(index.search('quorum')[0]?.noteId, 'valid-beside-broken-crlf-bom');
    assert.equal(index.search('quorum')[0]?.anchor, 'line-endings');
    assert.equal(index.search('heartbeats')[0]?.noteId, 'valid-beside-broken');
  });

  it('refuses a note over the size limit before decoding it', () => {
    assert.ok(big.bytes.length > MAX_NOTE_BYTES * 10 - 1);
  });
});
