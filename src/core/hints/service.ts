import type { Parser, Tree } from '@vscode/tree-sitter-wasm';
import { Deadline, dedupe, HintEngine, LineIndex, ScanContext, ScanStopped, parseWithDeadline, scanSql, scanTree, sortHints, type GrammarRules } from './engine';
import { targetOfLanguageId, type Grammar } from './languages';
import { enclosingFunction } from './syntax';
import type { FromHintWorker, TextChange, ToHintWorker } from './protocol';
import type { Hint } from './rule';

/**
 * What the hint worker does, without the transport: one syntax tree per open document, edits
 * applied to it (tree.edit, then a reparse that reuses the old tree), scans that re-query only the
 * top-level constructs an edit touched, and a deadline on every scan. Messages are handled one at
 * a time, in order.
 */

interface Edit {
  start: number;
  oldEnd: number;
  newEnd: number;
}

interface Doc {
  languageId: string;
  grammar: Grammar | undefined;
  version: number;
  text: string;
  parser?: Parser;
  /** The tree of the last scan, with later edits applied by tree.edit (not yet reparsed). */
  tree?: Tree;
  /** Edits since `hints` were computed, each in the offsets of the text just before it. */
  edited: Edit[];
  /** The raw hints of the last full or incremental scan (for the tree before `edited`). */
  hints?: Hint[];
  /** True when the tree needs a reparse before it can be queried. */
  dirty: boolean;
  /** The whole-file regex answers the last scan's hints depend on. */
  fileAnswers?: Map<string, boolean>;
}

export class HintService {
  private readonly docs = new Map<string, Doc>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly engine: HintEngine,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Handles a message after every earlier one; resolves with the reply, if the message has one. */
  handle(message: ToHintWorker): Promise<FromHintWorker | undefined> {
    const run = this.queue.then(() => this.run(message));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(m: ToHintWorker): Promise<FromHintWorker | undefined> {
    switch (m.type) {
      case 'init':
        return undefined;
      case 'prepare': {
        const started = this.clock();
        try {
          const target = targetOfLanguageId(m.languageId);
          if (target?.grammar) await this.engine.prepare(target.grammar);
          return { type: 'prepared', id: m.id, ms: this.clock() - started };
        } catch (e) {
          return { type: 'error', id: m.id, message: (e as Error).message };
        }
      }
      case 'open': {
        this.close(m.uri);
        const target = targetOfLanguageId(m.languageId);
        this.docs.set(m.uri, { languageId: m.languageId, grammar: target?.grammar, version: m.version, text: m.text, edited: [], dirty: true });
        return undefined;
      }
      case 'edit': {
        const doc = this.docs.get(m.uri);
        if (!doc) return undefined;
        if (m.version !== doc.version + 1) {
          // A gap: this copy is stale. Forget it; the next scan asks for the whole text.
          this.close(m.uri);
          return undefined;
        }
        for (const c of m.changes) applyChange(doc, c);
        doc.version = m.version;
        return undefined;
      }
      case 'close':
        this.close(m.uri);
        return undefined;
      case 'scan': {
        const doc = this.docs.get(m.uri);
        if (!doc || doc.version !== m.version) return { type: 'unknown', id: m.id };
        const started = this.clock();
        const deadline = Deadline.after(m.budgetMs, this.clock);
        try {
          const { hints, incremental } = await this.scan(doc, deadline);
          return { type: 'scanned', id: m.id, hints, ms: this.clock() - started, incremental };
        } catch (e) {
          if (e instanceof ScanStopped) return { type: 'stopped', id: m.id };
          return { type: 'error', id: m.id, message: (e as Error).message };
        }
      }
    }
  }

  private close(uri: string): void {
    const doc = this.docs.get(uri);
    if (!doc) return;
    doc.tree?.delete();
    doc.parser?.delete();
    this.docs.delete(uri);
  }

  /** Number of documents held (for tests). */
  get documentCount(): number {
    return this.docs.size;
  }

  private async scan(doc: Doc, deadline: Deadline): Promise<{ hints: Hint[]; incremental: boolean }> {
    if (!doc.grammar) {
      if (!doc.dirty && doc.hints) return { hints: doc.hints, incremental: false };
      const hints = scanSql(doc.text, this.engine.sqlRules, deadline);
      doc.hints = hints;
      doc.dirty = false;
      doc.edited = [];
      return { hints, incremental: false };
    }
    const rules = await this.engine.prepare(doc.grammar);
    if (!doc.dirty && doc.hints && doc.tree) return { hints: doc.hints, incremental: false };
    doc.parser ??= await this.engine.parser(doc.grammar);
    const old = doc.tree;
    let tree = parseWithDeadline(doc.parser, doc.text, old ?? null, deadline);
    if (old && tree.rootNode.hasError) {
      // With a syntax error, tree-sitter's error recovery can give a reused tree a different shape
      // than a fresh parse of the same text. Hints must not depend on the edit history, so code
      // with an error is parsed afresh (and queried whole, below).
      tree.delete();
      tree = parseWithDeadline(doc.parser, doc.text, null, deadline);
    }
    let result: { hints: Hint[]; incremental: boolean };
    try {
      const ctx = new ScanContext(tree, doc.text);
      result =
        old && doc.hints && doc.edited.length && !tree.rootNode.hasError && !old.rootNode.hasError
          ? { hints: rescan(rules, old, tree, doc, deadline, ctx), incremental: true }
          : { hints: scanTree(rules, tree, doc.text, deadline, undefined, 'all', ctx), incremental: false };
      doc.fileAnswers = ctx.fileAnswers;
    } catch (e) {
      tree.delete();
      throw e;
    }
    old?.delete();
    doc.tree = tree;
    doc.hints = result.hints;
    doc.edited = [];
    doc.dirty = false;
    return result;
  }
}

/** Applies one change to the document's text and its tree (tree.edit), and remembers where it was. */
function applyChange(doc: Doc, c: TextChange): void {
  const old = doc.text;
  const start = Math.max(0, Math.min(c.offset, old.length));
  const oldEnd = Math.max(start, Math.min(start + c.length, old.length));
  const text = old.slice(0, start) + c.text + old.slice(oldEnd);
  const newEnd = start + c.text.length;
  if (doc.tree) {
    doc.tree.edit({
      startIndex: start,
      oldEndIndex: oldEnd,
      newEndIndex: newEnd,
      startPosition: pointAt(old, start),
      oldEndPosition: pointAt(old, oldEnd),
      newEndPosition: pointAt(text, newEnd),
    });
  }
  doc.edited.push({ start, oldEnd, newEnd });
  doc.text = text;
  doc.dirty = true;
}

function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/**
 * The hints after an edit without querying the whole tree (for code without syntax errors): the top-level constructs (children of
 * the root) that the edits or the reparse changed are queried again; hints elsewhere are kept,
 * moved by the edits. Rules that read the whole file (#file-contains?, #function-contains? at file
 * level) are treated the same while the whole-file answers they used are unchanged; otherwise
 * they alone run over the whole tree.
 */
function rescan(rules: GrammarRules, oldTree: Tree, tree: Tree, doc: Doc, deadline: Deadline, ctx: ScanContext): Hint[] {
  // Each edit's inserted text, moved to the final text's offsets by the edits after it.
  const spans: [number, number][] = doc.edited.map((e, i) => {
    const s = mapOffset(e.start, doc.edited, i + 1);
    const end = mapOffset(e.newEnd, doc.edited, i + 1);
    return [s.offset, Math.max(s.offset, end.offset)];
  });
  for (const r of oldTree.getChangedRanges(tree)) spans.push([r.startIndex, r.endIndex]);
  // Widen each span to the top-level constructs it touches (or that end or start right at it).
  const root = tree.rootNode;
  const topAt = (offset: number) => {
    let n = root.descendantForIndex(Math.max(0, Math.min(offset, doc.text.length)));
    while (n && n.parent && n.parent.id !== root.id) n = n.parent;
    return n && n.id !== root.id ? n : null;
  };
  const widened: [number, number][] = spans.map(([s, e]) => {
    let start = s;
    let end = e;
    for (const at of [s - 1, s, e - 1, e]) {
      const top = topAt(at);
      if (!top) continue;
      start = Math.min(start, top.startIndex);
      end = Math.max(end, top.endIndex);
    }
    return [start, end];
  });
  widened.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const w of widened) {
    const last = merged[merged.length - 1];
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else merged.push([w[0], w[1]]);
  }
  const inSpan = (offset: number) => merged.some(([s, e]) => offset >= s && offset <= e);
  // Old hints, moved through the edits; those an edit touched or inside a re-queried span go.
  const lines = new LineIndex(doc.text);
  const kept: Hint[] = [];
  // Whole-file rules can change anywhere, but only through the whole-file regex answers the last
  // scan used: when each of those is still the same on the new text, they are local rules too.
  // (A match that did not reach such a predicate last time still stops where it stopped.)
  let wholeFileStable = true;
  for (const [pattern, before] of doc.fileAnswers ?? []) {
    if (ctx.fileContains(pattern) !== before) {
      wholeFileStable = false;
      break;
    }
  }
  const wholeFileRules = new Set(wholeFileStable ? [] : (rules.wholeFile?.ruleOfPattern.map((r) => r.id) ?? []));
  for (const h of doc.hints ?? []) {
    if (wholeFileRules.has(h.ruleId)) continue;
    const start = mapOffset(h.start, doc.edited, 0);
    if (start.touched || inSpan(start.offset)) continue;
    const end = mapOffset(h.end, doc.edited, 0).offset;
    // The enclosing function is looked up again: an edit at its edge can move where it starts.
    const node = root.descendantForIndex(start.offset, Math.max(start.offset, end));
    const scope = (node && enclosingFunction(node)?.startIndex) ?? -1;
    const a = lines.position(start.offset);
    const b = lines.position(Math.max(start.offset, end));
    kept.push({ ...h, start: start.offset, end, line: a.line, column: a.column, endLine: b.line, endColumn: b.column, scope });
  }
  const fresh: Hint[] = [];
  for (const [s, e] of merged) {
    deadline.check();
    for (const h of scanTree(rules, tree, doc.text, deadline, { startIndex: s, endIndex: e }, wholeFileStable ? 'all' : 'local', ctx)) {
      if (inSpan(h.start)) fresh.push(h);
    }
  }
  // Otherwise the whole-file rules run over the whole tree.
  if (rules.wholeFile && !wholeFileStable) fresh.push(...scanTree(rules, tree, doc.text, deadline, undefined, 'wholeFile', ctx));
  return sortHints(dedupe([...kept, ...fresh]));
}

/** An offset of the text before edit `from`, moved through edits `from`.. (touched: inside a replaced range). */
function mapOffset(offset: number, edits: readonly Edit[], from: number): { offset: number; touched: boolean } {
  let o = offset;
  let touched = false;
  for (let i = from; i < edits.length; i++) {
    const e = edits[i];
    if (o >= e.oldEnd && !(o === e.start && e.oldEnd === e.start)) o += e.newEnd - e.oldEnd;
    else if (o >= e.start && o < e.oldEnd) {
      touched = true;
      o = e.start;
    } else if (o === e.start) touched = true;
  }
  return { offset: o, touched };
}

