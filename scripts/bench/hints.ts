/**
 * The hint engine's budgets, each part in this fresh process:
 *   node hints.cjs load <wasmDir>                         runtime init and the first load of each grammar
 *   node hints.cjs scan <root> <hintWorker.js> <wasmDir>  1,000-line first scans (p95), a 10,000-line
 *       first scan through the worker with the host's longest block meanwhile, one-line edits in the
 *       10,000-line file (incremental rescans), and the pump corpus through the worker.
 * Rules: those of every note in notes/ in the tree-sitter format, plus the fixture rules
 * (test/fixtures/hint-notes, test/fixtures/notes), so the figures mean something while the notes
 * are converted. Prints one JSON line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { HintWorkerClient } from '../../src/core/hints/client';
import { HintEngine } from '../../src/core/hints/engine';
import { GrammarLoader } from '../../src/core/hints/grammars';
import { GRAMMARS } from '../../src/core/hints/languages';
import { nodeWorkerTransport } from '../../src/core/hints/nodeTransport';
import { wasmFromDirectory } from '../../src/core/hints/nodeWasm';
import type { HintRuleData } from '../../src/core/hints/rule';
import { HintService } from '../../src/core/hints/service';
import { hintData } from '../../src/core/knowledgeBase';
import { loadNoteSet } from '../../src/core/noteSet';
import { generateCode } from './codegen';
import { PUMP_FILES } from './pump';
import { median, percentile } from './stats';

const [mode, ...args] = process.argv.slice(2);

function rulesOf(dir: string): HintRuleData[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => ({ file: join(dir, f), bytes: readFileSync(join(dir, f)) }));
  return loadNoteSet(files, JSON.parse(readFileSync(join(dir, 'topics.json'), 'utf8')) as string[]).notes.flatMap(hintData);
}

async function load(wasmDir: string) {
  const loader = new GrammarLoader(wasmFromDirectory(wasmDir));
  let t = performance.now();
  await loader.module();
  const runtimeMs = performance.now() - t;
  const grammars: Record<string, number> = {};
  for (const g of GRAMMARS) {
    t = performance.now();
    await loader.language(g);
    grammars[g] = performance.now() - t;
  }
  return { runtimeMs, grammars };
}

/** Longest stretch the event loop was blocked while `task` ran, in ms. */
async function hostBlocked<T>(task: () => Promise<T>): Promise<{ value: T; blockedMs: number; wallMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const t = performance.now();
  const value = await task();
  const wallMs = performance.now() - t;
  h.disable();
  return { value, blockedMs: h.max / 1e6, wallMs };
}

async function scan(root: string, workerScript: string, wasmDir: string) {
  const notesRules = rulesOf(join(root, 'notes'));
  const rules = [...notesRules, ...rulesOf(join(root, 'test', 'fixtures', 'hint-notes')), ...rulesOf(join(root, 'test', 'fixtures', 'notes'))];
  const tsRules = rules.filter((r) => r.queries.typescript || r.sql).length;
  const examples = ['const r = await fetch(url);', 'for (let attempt = 0; attempt < 3; attempt++) { await call(); }', 'const q = `SELECT * FROM orders`;'];

  // 1,000-line files, first scan each (grammar loaded and rules compiled beforehand).
  const service = new HintService(new HintEngine(rules, new GrammarLoader(wasmFromDirectory(wasmDir))));
  await service.handle({ type: 'prepare', id: 0, languageId: 'typescript' });
  const small: number[] = [];
  let hintsSmall = 0;
  // The first few files warm up the JIT; they are not counted.
  const WARM = 5;
  for (let i = 0; i < 40 + WARM; i++) {
    const text = generateCode('typescript', 1_000, examples, i + 1);
    const uri = `mem://small-${i}`;
    await service.handle({ type: 'open', uri, languageId: 'typescript', version: 1, text });
    const t = performance.now();
    const r = await service.handle({ type: 'scan', id: i + 1, uri, version: 1, budgetMs: 60_000 });
    if (i >= WARM) small.push(performance.now() - t);
    if (r?.type === 'scanned') hintsSmall = r.hints.length;
    await service.handle({ type: 'close', uri });
  }

  // 10,000 lines through the worker: first scan, then one-line edits.
  const client = new HintWorkerClient(() => nodeWorkerTransport(workerScript, { wasmDir }), rules);
  const big = generateCode('typescript', 10_000, examples, 99);
  let text = big;
  let version = 1;
  const doc = () => ({ uri: 'file:///big.ts', languageId: 'typescript', version, text: () => text });
  // Grammar load and rule compilation first (a separate one-off, measured by `load`).
  await client.scan({ uri: 'file:///warm.ts', languageId: 'typescript', version: 1, text: () => 'const a = 1;' }, 60_000);
  const first = await hostBlocked(() => client.scan(doc(), 60_000));
  const firstOutcome = first.value;
  const edits: number[] = [];
  const editWall: number[] = [];
  let incremental = 0;
  // Type one character into identifiers spread over the file (the code stays valid).
  for (let i = 0; i < 30; i++) {
    const at = text.indexOf('const ', Math.floor((text.length * (i + 1)) / 32)) + 6;
    text = text.slice(0, at) + 'x' + text.slice(at);
    version++;
    client.edit('file:///big.ts', version, [{ offset: at, length: 0, text: 'x' }]);
    const t = performance.now();
    const r = await client.scan(doc(), 60_000);
    editWall.push(performance.now() - t);
    if (r.status === 'ok') {
      edits.push(r.ms);
      if (r.incremental) incremental++;
    }
  }

  // Each language's grammar and rules are prepared first (a one-off per worker, reported apart),
  // so the pump rows time the scans themselves.
  const prepareMs: Record<string, number> = {};
  for (const languageId of [...new Set(PUMP_FILES.map((f) => f.languageId))]) {
    const t = performance.now();
    await client.scan({ uri: `file:///warm/${languageId}`, languageId, version: 1, text: () => '' }, 60_000);
    prepareMs[languageId] = performance.now() - t;
  }
  // The pump corpus through the worker, with the editor's deadline.
  const pump = [];
  for (const f of PUMP_FILES) {
    const content = f.make();
    // A worker restarted by the previous file prepares its languages again first: not this scan's time.
    await client.scan({ uri: `file:///warm/${f.languageId}`, languageId: f.languageId, version: 1, text: () => '' }, 60_000);
    const r = await hostBlocked(() => client.scan({ uri: `file:///pump/${f.name}`, languageId: f.languageId, version: 1, text: () => content }, 2_000));
    pump.push({ name: f.name, chars: content.length, status: r.value.status, wallMs: r.wallMs, blockedMs: r.blockedMs });
    client.close(`file:///pump/${f.name}`);
  }
  client.dispose();
  return {
    rules: rules.length,
    notesRules: notesRules.length,
    tsRules,
    small: { p50: median(small), p95: percentile(small, 95), hints: hintsSmall },
    big: { chars: big.length, status: firstOutcome.status, wallMs: first.wallMs, workerMs: firstOutcome.status === 'ok' ? firstOutcome.ms : NaN, blockedMs: first.blockedMs, hints: firstOutcome.status === 'ok' ? firstOutcome.hints.length : 0 },
    edit: { p50: median(edits), p95: percentile(edits, 95), wallP95: percentile(editWall, 95), incremental, count: edits.length },
    pump,
    prepareMs,
    restarts: client.restarts,
  };
}

(async () => {
  const result = mode === 'load' ? await load(args[0]) : await scan(args[0], args[1], args[2]);
  console.log(JSON.stringify(result));
  process.exit(0);
})().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
