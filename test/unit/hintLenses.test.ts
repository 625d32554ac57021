import assert from 'node:assert/strict';
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import { HintWorkerClient, type HintTransport } from '../../src/core/hints/client';
import type { FromHintWorker, ToHintWorker } from '../../src/core/hints/protocol';
import type { HintRuleData, ShowSetting } from '../../src/core/hints/rule';
import { HintService } from '../../src/core/hints/service';
import { engineOf, rule } from './hintHelpers';

/**
 * The CodeLens adapter (src/features/hintLenses.ts) over the real client and worker service, with
 * `vscode` replaced by a small stand-in and the worker run in-process (same protocol, no thread).
 */

type Listener<T> = (e: T) => void;
class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  event = (l: Listener<T>) => {
    this.listeners.push(l);
    return { dispose: () => (this.listeners = this.listeners.filter((x) => x !== l)) };
  };
  fire(e: T) {
    for (const l of this.listeners) l(e);
  }
  dispose() {
    this.listeners = [];
  }
}
class Range {
  constructor(
    readonly startLine: number,
    readonly startCharacter: number,
    readonly endLine: number,
    readonly endCharacter: number,
  ) {}
}
class CodeLens {
  constructor(
    readonly range: Range,
    readonly command: { title: string; command: string; arguments: unknown[] },
  ) {}
}
const changeDoc = new EventEmitter<unknown>();
const closeDoc = new EventEmitter<unknown>();
const selection = new EventEmitter<unknown>();
const warnings: string[] = [];
const vscodeStub = {
  EventEmitter,
  Range,
  CodeLens,
  workspace: { onDidChangeTextDocument: changeDoc.event, onDidCloseTextDocument: closeDoc.event },
  window: {
    onDidChangeTextEditorSelection: selection.event,
    createOutputChannel: () => ({ warn: (m: string) => warnings.push(m), info() {}, error() {}, dispose() {} }),
  },
};

function loadLenses(): typeof import('../../src/features/hintLenses') {
  const M = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = M._resolveFilename;
  const stubPath = join(__dirname, '__vscode-hint-stub__.js');
  const req = createRequire(__filename);
  req.cache[stubPath] = { id: stubPath, filename: stubPath, loaded: true, exports: vscodeStub } as unknown as NodeModule;
  M._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? stubPath : original.call(this, request, ...rest);
  };
  try {
    return req('../../src/features/hintLenses') as typeof import('../../src/features/hintLenses');
  } finally {
    M._resolveFilename = original;
  }
}

/** The worker service in this thread, behind the transport interface; counts what it is sent. */
function inProcess(rules: HintRuleData[], sent: string[]): HintTransport {
  const service = new HintService(engineOf(...rules));
  let listener: ((m: FromHintWorker) => void) | undefined;
  return {
    post: (m: ToHintWorker) => {
      sent.push(m.type);
      void service.handle(m).then((r) => r && listener?.(r));
    },
    onMessage: (l) => (listener = l),
    onExit: () => undefined,
    terminate: () => undefined,
  };
}

class Doc {
  version = 1;
  readonly languageId = 'typescript';
  readonly uri = { toString: () => 'file:///w/a.ts', fsPath: '/w/a.ts' };
  constructor(public text: string) {}
  getText() {
    return this.text;
  }
  get lineCount() {
    return this.text.split('\n').length;
  }
  lineAt(n: number) {
    const line = this.text.split('\n')[n] ?? '';
    return { lineNumber: n, firstNonWhitespaceCharacterIndex: line.length - line.trimStart().length, range: { end: { character: line.length } } };
  }
  /** Replaces text on one line and fires the change event the way VS Code does. */
  type(line: number, column: number, deleteCount: number, insert: string) {
    const lines = this.text.split('\n');
    const offset = lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + column;
    this.text = this.text.slice(0, offset) + insert + this.text.slice(offset + deleteCount);
    this.version++;
    const range = { isSingleLine: true, start: { line } };
    changeDoc.fire({ document: this, contentChanges: [{ range, rangeOffset: offset, rangeLength: deleteCount, text: insert }] });
  }
}

const RULES = [
  rule({ typescript: '(call_expression function: (identifier) @fn (#eq? @fn "fetch") arguments: (arguments) @args (#not-has-key? @args "signal")) @hint' }, { id: 'l-fetch', noteId: 'n' }),
  rule({ typescript: '(call_expression function: (identifier) @fn (#eq? @fn "fetch")) @hint' }, { id: 'l-remote', tier: 'concept', noteId: 'other' }),
];

function provider(show: ShowSetting = 'all', transport?: () => HintTransport) {
  const { HintLensProvider } = loadLenses();
  const sent: string[] = [];
  const settings = { hintsEnabled: true, hintLanguages: {}, maxHintsPerFile: 10, maxFileSizeKB: 1024, hintsShow: show };
  const config = { current: settings, onDidChange: new EventEmitter<unknown>().event, hintsEnabledFor: () => true };
  const store = { note: () => ({ title: 'T' }), hintRules: () => RULES };
  const p = new HintLensProvider(store as never, config as never, (s) => new HintWorkerClient(transport ?? (() => inProcess([...s.hintRules()], sent)), s.hintRules()));
  return { p, sent };
}
const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
const lenses = async (p: ReturnType<typeof provider>['p'], d: Doc) =>
  ((await p.provideCodeLenses(d as never, token as never)) as unknown as CodeLens[]).map((l) => `${l.range.startLine}:${l.command.arguments[0]}:${l.command.title}`);

describe('CodeLens adapter over the hint worker', function () {
  this.timeout(60_000);
  const code = 'async function a() {\n  await fetch(u);\n  await fetch(v, { signal });\n}\n';

  it('shows the presented hints as lenses, each opening its note', async () => {
    const { p } = provider();
    const d = new Doc(code);
    // The concept of another note stays beside the risk; it shows once in the function.
    assert.deepEqual(await lenses(p, d), ['1:n:l-fetch', '1:other:l-remote']);
    p.dispose();
  });

  it('with show = risks, only risks', async () => {
    const { p } = provider('risks');
    assert.deepEqual(await lenses(p, new Doc(code)), ['1:n:l-fetch']);
    p.dispose();
  });

  it('sends edits to the worker instead of the text, and keeps the typed line steady until the cursor leaves', async () => {
    const { p, sent } = provider();
    const d = new Doc(code);
    await lenses(p, d);
    // Typing on line 1 turns `fetch(u)` into `fetch(u, { signal })`, one keystroke batch at a time.
    d.type(1, 15, 0, ', { signal }');
    assert.deepEqual(await lenses(p, d), ['1:n:l-fetch', '1:other:l-remote'], 'the typed line keeps its lenses while typing there');
    assert.equal(sent.filter((t) => t === 'open').length, 1, 'the text was sent once');
    assert.ok(sent.includes('edit'));
    selection.fire({ textEditor: { document: d }, selections: [{ active: { line: 3 } }] });
    assert.deepEqual(await lenses(p, d), ['1:other:l-remote'], 'after the cursor left: what the code matches now');
    p.dispose();
  });

  it('a scan that stops shows no lenses for that version and logs why', async () => {
    const stuck: HintTransport = {
      post: () => undefined,
      onMessage: () => undefined,
      onExit: () => undefined,
      terminate: () => undefined,
    };
    // A worker that never answers: the grammar "prepare" step itself passes its deadline.
    const { HintLensProvider } = loadLenses();
    const settings = { hintsEnabled: true, hintLanguages: {}, maxHintsPerFile: 10, maxFileSizeKB: 1024, hintsShow: 'all' };
    const config = { current: settings, onDidChange: new EventEmitter<unknown>().event, hintsEnabledFor: () => true };
    const store = { note: () => ({ title: 'T' }), hintRules: () => RULES };
    const p = new HintLensProvider(store as never, config as never, (s) => new HintWorkerClient(() => stuck, s.hintRules(), { prepareDeadlineMs: 30 }));
    assert.deepEqual(await lenses(p, new Doc(code)), []);
    assert.ok(warnings.some((w) => /scan stopped/.test(w)), warnings.join('\n'));
    p.dispose();
  });
});
