#!/usr/bin/env node
// `npm run bench`: measures the extension in one run and checks every performance budget.
//
// It builds the production bundles (node esbuild.mjs --production), stages a copy of the extension
// with its knowledge base in .cache/bench/ext and packages it there (so dist/ and the notes are
// left alone), then measures, each part in fresh Node processes:
//   activation        require + activate() of the bundle against a fake `vscode`, beside an empty bundle
//   sizes             extension bundle, reader script, .vsix
//   knowledge base    index ready on first search, search p50/p95 over realistic queries
//   scale             generated knowledge bases of 1,000 and 10,000 notes (scripts/bench/scale.ts)
//   hints             grammar loads; 1,000- and 10,000-line first scans, one-line edits (incremental),
//                     the host's longest block, and the pump corpus, through the real hint worker
//   reader            render of the longest note, first (fresh process) and warm
// It prints a table and one row per budget (figure, budget, ok/OVER), and writes the same figures
// to bench-results.json. Options: --quick (fewer repetitions, no 10,000-note corpus) for a fast look.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(root, '.cache', 'bench');
const stage = join(cache, 'ext');
const quick = process.argv.includes('--quick');
const started = performance.now();
const loadAtStart = os.loadavg();

const say = (...a) => console.error('[bench]', ...a);

/** Runs a command; returns stdout. Fails the bench with the command's output if it fails. */
function run(cmd, args, { cwd = root, allowFail = false, nodeArgs = [] } = {}) {
  const r = spawnSync(cmd === 'node' ? process.execPath : cmd, cmd === 'node' ? [...nodeArgs, ...args] : args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (r.status !== 0 && !allowFail) {
    console.error(r.stdout, r.stderr);
    throw new Error(`bench: ${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
  }
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a bundled helper in a fresh process and parses the JSON line it prints last. */
function helper(name, args, nodeArgs = []) {
  const { stdout } = run('node', [join(cache, `${name}.cjs`), ...args], { nodeArgs });
  const line = stdout.trim().split('\n').pop();
  return JSON.parse(line);
}

const median = (xs) => percentile(xs, 50);
function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

// ---------------------------------------------------------------------------------------------
say('building the production bundles');
run('node', ['esbuild.mjs', '--production']);

say('bundling the bench helpers');
mkdirSync(cache, { recursive: true });
const helpers = {
  activation: 'scripts/bench/activation.ts',
  kb: 'scripts/bench/kb.ts',
  kbBuild: 'scripts/bench/kbBuild.ts',
  hints: 'scripts/bench/hints.ts',
  scale: 'scripts/bench/scale.ts',
  searchWorker: 'src/core/search/worker.ts',
};
for (const [name, entry] of Object.entries(helpers)) {
  await esbuild.build({
    entryPoints: [join(root, entry)],
    outfile: join(cache, `${name}.cjs`),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    absWorkingDir: root,
  });
}
// The baseline: an extension that does nothing, bundled the way the real one is.
await esbuild.build({
  stdin: { contents: 'export function activate() { return {}; }\nexport function deactivate() {}\n', loader: 'ts', resolveDir: root },
  outfile: join(cache, 'empty-extension.js'),
  bundle: true,
  minify: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  external: ['vscode'],
  logLevel: 'warning',
});

say('staging and packaging the extension');
rmSync(stage, { recursive: true, force: true });
mkdirSync(join(stage, 'dist', 'webview'), { recursive: true });
for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', '.vscodeignore']) if (existsSync(join(root, f))) cpSync(join(root, f), join(stage, f));
cpSync(join(root, 'media'), join(stage, 'media'), { recursive: true });
cpSync(join(root, 'dist', 'extension.js'), join(stage, 'dist', 'extension.js'));
cpSync(join(root, 'dist', 'hintWorker.js'), join(stage, 'dist', 'hintWorker.js'));
cpSync(join(root, 'dist', 'wasm'), join(stage, 'dist', 'wasm'), { recursive: true });
cpSync(join(root, 'dist', 'webview', 'reader.js'), join(stage, 'dist', 'webview', 'reader.js'));
const kbDir = join(stage, 'dist', 'kb');
const kbBuild = run('node', ['scripts/build-notes.mjs', '--out', kbDir], { allowFail: true });
let kbNote = 'scripts/build-notes.mjs';
if (!kbBuild.ok) {
  // Some notes do not validate right now: build from the ones that do, with the same core code.
  const r = helper('kbBuild', [root, kbDir]);
  kbNote = `bench build: ${r.notes} notes, ${r.skipped} unparseable note files left out (build-notes refused: ${r.problems} problems)`;
  say(kbNote);
}
const vsix = join(stage, 'engineering-notes.vsix');
run(join(root, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix], { cwd: stage });

// ---------------------------------------------------------------------------------------------
const results = { machine: {}, activation: {}, sizes: {}, kb: {}, scale: [], hints: {}, reader: {}, budgets: [] };
const cpus = os.cpus();
results.machine = {
  cpu: cpus[0]?.model ?? 'unknown',
  cores: cpus.length,
  memoryGB: Math.round(os.totalmem() / 1e9),
  node: process.version,
  os: `${os.type()} ${os.release()}`,
  loadAverageAtStart: loadAtStart.map((l) => Number(l.toFixed(2))),
  date: new Date().toISOString(),
  quick,
};

say('activation');
const rounds = quick ? 6 : 20;
const ours = [];
const empty = [];
let sample;
for (let i = 0; i < rounds; i++) {
  // Alternate which goes first, so neither always gets the warmer file cache.
  const a = () => ours.push((sample = helper('activation', [join(stage, 'dist', 'extension.js'), stage])));
  const b = () => empty.push(helper('activation', [join(cache, 'empty-extension.js'), stage]));
  for (const measure of i % 2 ? [a, b] : [b, a]) measure();
}
results.activation = {
  oursMs: { median: median(ours.map((r) => r.totalMs)), p95: percentile(ours.map((r) => r.totalMs), 95) },
  oursRequireMs: median(ours.map((r) => r.requireMs)),
  oursActivateMs: median(ours.map((r) => r.activateMs)),
  emptyMs: { median: median(empty.map((r) => r.totalMs)), p95: percentile(empty.map((r) => r.totalMs), 95) },
  addedMs: median(ours.map((r) => r.totalMs)) - median(empty.map((r) => r.totalMs)),
  readsDuringActivate: sample.readsDuringActivate,
  modulesAtLoad: sample.modulesAtLoad,
  modulesDuringActivate: sample.modulesDuringActivate,
  vscodeCalls: sample.vscodeCalls,
};

say('sizes');
const kbFiles = (dir) => readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? kbFiles(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
results.sizes = {
  extensionKB: statSync(join(stage, 'dist', 'extension.js')).size / 1024,
  hintWorkerKB: statSync(join(stage, 'dist', 'hintWorker.js')).size / 1024,
  wasmKB: readdirSync(join(stage, 'dist', 'wasm')).reduce((n, f) => n + statSync(join(stage, 'dist', 'wasm', f)).size, 0) / 1024,
  readerScriptKB: statSync(join(stage, 'dist', 'webview', 'reader.js')).size / 1024,
  vsixKB: statSync(vsix).size / 1024,
  knowledgeBaseKB: kbFiles(kbDir) / 1024,
  searchIndexKB: statSync(join(kbDir, 'search.json')).size / 1024,
  kbBuiltBy: kbNote,
};

say('bundled knowledge base');
const firsts = Array.from({ length: quick ? 5 : 15 }, () => helper('kb', ['first', kbDir, 'retry budget']));
const search = helper('kb', ['search', kbDir, quick ? '3' : '10']);
results.kb = {
  notes: search.notes,
  indexReadyMs: { median: median(firsts.map((r) => r.indexReadyMs)), p95: percentile(firsts.map((r) => r.indexReadyMs), 95) },
  searchQueries: search.queries,
  searchP50: search.p50,
  searchP95: search.p95,
  engineP50: search.engineP50,
  engineP95: search.engineP95,
  loadError: firsts[0].loadError,
  // The same steps again in the same process (so warmer): where the first search's time goes.
  breakdownMs: Object.fromEntries(['warmReadMs', 'warmParseMs', 'warmLoadMs', 'warmQueryMs'].map((k) => [k, median(firsts.map((r) => r[k]))])),
};

say('reader');
const articles = readdirSync(join(kbDir, 'notes')).map((f) => ({ id: f.replace(/\.html$/, ''), size: statSync(join(kbDir, 'notes', f)).size }));
const longest = articles.sort((a, b) => b.size - a.size)[0];
const readerFirsts = Array.from({ length: quick ? 5 : 15 }, () => helper('kb', ['reader-first', kbDir, longest.id]));
const readerWarm = helper('kb', ['reader-warm', kbDir, longest.id, '500']);
results.reader = {
  note: longest.id,
  articleKB: longest.size / 1024,
  firstMs: { median: median(readerFirsts.map((r) => r.firstMs)), p95: percentile(readerFirsts.map((r) => r.firstMs), 95) },
  warmP50: readerWarm.p50,
  warmP95: readerWarm.p95,
};

say('hints: grammar loads (fresh processes)');
const loads = Array.from({ length: quick ? 3 : 7 }, () => helper('hints', ['load', join(stage, 'dist', 'wasm')]));
const grammarNames = Object.keys(loads[0].grammars);
results.hints.load = {
  runtimeMs: median(loads.map((l) => l.runtimeMs)),
  grammars: Object.fromEntries(grammarNames.map((g) => [g, median(loads.map((l) => l.grammars[g]))])),
};
say('hints: scans through the hint worker');
Object.assign(results.hints, helper('hints', ['scan', root, join(stage, 'dist', 'hintWorker.js'), join(stage, 'dist', 'wasm')]));

for (const n of quick ? [1_000] : [1_000, 10_000]) {
  say(`scale: ${n.toLocaleString('en')} notes`);
  results.scale.push(helper('scale', [root, String(n), join(cache, 'searchWorker.cjs'), join(cache, 'scale')], ['--expose-gc', '--max-old-space-size=8192']));
}
rmSync(join(cache, 'scale'), { recursive: true, force: true });

// ---------------------------------------------------------------------------------------------
const budget = (name, figure, limit, unit, ok = figure <= limit) => results.budgets.push({ name, figure, limit, unit, ok });
const act = results.activation;
budget('activation: added to require + activate()', act.addedMs, 5, 'ms');
budget('activation: files read during activate()', act.readsDuringActivate.length, 0, 'files');
budget('knowledge base: index ready (first search)', results.kb.indexReadyMs.median, 15, 'ms');
budget('knowledge base: search p95', results.kb.searchP95, 2, 'ms');
for (const s of results.scale) {
  const name = `${s.notes.toLocaleString('en')} notes`;
  budget(`${name}: as-you-type search p95 (through the worker)`, s.workerSearchP95, s.notes >= 10_000 ? 40 : 10, 'ms');
  budget(`${name}: longest host block (build, load, search, update)`, Math.max(s.buildBlockedMs, s.loadBlockedMs, s.searchBlockedMs), 16, 'ms');
  budget(`${name}: one changed note replaced (p95)`, s.updateP95, 10, 'ms');
}
const hs = results.hints;
budget('hints: 1,000-line TS first scan p95 (grammar loaded)', hs.small.p95, 15, 'ms');
budget('hints: one-line edit in 10,000 lines, rescan p95', hs.edit.p95, 10, 'ms');
budget('hints: 10,000-line TS first scan (in the worker)', hs.big.workerMs, 150, 'ms');
budget('hints: host blocked during that scan', hs.big.blockedMs, 10, 'ms');
for (const [g, ms] of Object.entries(hs.load.grammars)) budget(`hints: first load of the ${g} grammar`, ms, 50, 'ms');
budget('hints: runtime init (once, before the first grammar)', hs.load.runtimeMs, 50, 'ms');
budget('hints: grammars loaded at activation', act.readsDuringActivate.filter((r) => r.endsWith('.wasm')).length + [...act.modulesAtLoad, ...act.modulesDuringActivate].filter((m) => m.includes('tree-sitter')).length, 0, 'files');
budget('pump corpus: host blocked at most (any file)', Math.max(...hs.pump.map((p) => p.blockedMs)), 50, 'ms');
const lateScans = hs.pump.filter((p) => p.wallMs > 2_000 + 500).length;
budget('pump corpus: scans that did not end by their deadline (2 s + kill)', lateScans, 0, 'files');
budget('reader: warm render p95', results.reader.warmP95, 2, 'ms');
budget('reader: first render incl. lazy load', results.reader.firstMs.median, 25, 'ms');
budget('.vsix size (all grammars)', results.sizes.vsixKB / 1024, 4, 'MB');
budget('extension bundle (minified)', results.sizes.extensionKB, 80, 'KB');
results.machine.loadAverageAtEnd = os.loadavg().map((l) => Number(l.toFixed(2)));
results.machine.benchSeconds = Math.round((performance.now() - started) / 1000);

writeFileSync(join(root, 'bench-results.json'), JSON.stringify(results, null, 2) + '\n');

// ---------------------------------------------------------------------------------------------
const f = (x, d = 2) => (typeof x === 'number' ? x.toFixed(d) : String(x));
const rows = [];
const row = (...cells) => rows.push(cells.map(String));
const section = (title) => rows.push([`-- ${title}`]);
const m = results.machine;
section(`machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, Node ${m.node.slice(1)}, load ${m.loadAverageAtStart[0]} at start`);
row('figure', 'median', 'p95', 'notes');
section('activation (fresh process each, ' + rounds + ' rounds)');
row('require + activate(), ours', f(act.oursMs.median), f(act.oursMs.p95), `require ${f(act.oursRequireMs)}, activate ${f(act.oursActivateMs)}`);
row('require + activate(), empty bundle', f(act.emptyMs.median), f(act.emptyMs.p95), '');
row('added by the extension', f(act.addedMs), '', `files read in activate: ${act.readsDuringActivate.length}; modules: ${[...act.modulesAtLoad, ...act.modulesDuringActivate].join(', ') || 'none'}`);
section('sizes');
row('dist/extension.js (minified)', `${f(results.sizes.extensionKB, 1)} KB`, '', '');
row('dist/hintWorker.js (minified, loaded on the first hint)', `${f(results.sizes.hintWorkerKB, 1)} KB`, '', `dist/wasm: ${f(results.sizes.wasmKB / 1024, 1)} MB uncompressed`);
row('dist/webview/reader.js', `${f(results.sizes.readerScriptKB, 1)} KB`, '', '');
row('.vsix', `${f(results.sizes.vsixKB, 1)} KB`, '', `knowledge base ${f(results.sizes.knowledgeBaseKB, 0)} KB, search.json ${f(results.sizes.searchIndexKB, 0)} KB`);
section(`bundled knowledge base (${results.kb.notes} notes; ${kbNote})`);
const bd = results.kb.breakdownMs;
row('index ready (first search, fresh process)', f(results.kb.indexReadyMs.median), f(results.kb.indexReadyMs.p95), `again, warmer: read ${f(bd.warmReadMs)}, parse ${f(bd.warmParseMs)}, load ${f(bd.warmLoadMs)}, query ${f(bd.warmQueryMs)}`);
row(`search, MiniSearch (${results.kb.searchQueries} queries incl. as-you-type)`, f(results.kb.searchP50), f(results.kb.searchP95), `engine alone ${f(results.kb.engineP50)} / ${f(results.kb.engineP95)}; the rest is excerpts and picker items`);
const scaleRows = (s) => {
  section(`scale, ${s.engine}: ${s.notes.toLocaleString('en')} notes, ${s.sections.toLocaleString('en')} sections, ${(s.words / 1e6).toFixed(1)}M words`);
  row('build (worker)', f(s.buildMs, 0), '', `longest block of this thread meanwhile ${f(s.buildBlockedMs, 1)} ms`);
  row('load from serialised (worker)', f(s.loadMs, 0), '', `${f(s.indexMB, 1)} MB; longest block ${f(s.loadBlockedMs, 1)} ms; direct load ${f(s.directLoadMs, 0)} ms`);
  row('memory (heap after load)', `${f(s.heapMB, 0)} MB`, '', '');
  row(`search, as you type (${s.queries} queries)`, f(s.searchP50), f(s.searchP95), `through the worker ${f(s.workerSearchP50)} / ${f(s.workerSearchP95)}; burst of ${s.burstSent}: ${s.burstAnswered} answered; slowest ${s.slowest.slice(0, 3).join(', ')}`);
  row('update one changed note', f(s.updateP50), f(s.updateP95), `first (cold) ${f(s.firstUpdateMs)} ms${s.searchBlockedMs !== undefined ? `; longest host block while searching and updating ${f(s.searchBlockedMs, 1)} ms` : ''}`);
};
results.scale.forEach(scaleRows);
section(`hints (${hs.rules} rules: ${hs.notesRules} from notes/, the rest fixture rules; ${hs.tsRules} run on TypeScript)`);
row('runtime init (fresh process)', f(hs.load.runtimeMs), '', 'once per worker, before the first grammar');
for (const [g, ms] of Object.entries(hs.load.grammars)) row(`first load: ${g} grammar`, f(ms), '', '');
row('1,000-line TS first scan (40 files)', f(hs.small.p50), f(hs.small.p95), `parse + queries, grammar loaded; ${hs.small.hints} hints in the last`);
row(`10,000-line TS first scan (${(hs.big.chars / 1e6).toFixed(1)} MB)`, f(hs.big.workerMs), '', `in the worker; round trip ${f(hs.big.wallMs)} ms; host blocked at most ${f(hs.big.blockedMs)} ms; ${hs.big.hints} hints`);
row('one-line edit in it, rescan (30 edits)', f(hs.edit.p50), f(hs.edit.p95), `${hs.edit.incremental} of ${hs.edit.count} incremental; round trip p95 ${f(hs.edit.wallP95)} ms`);
row('grammar + rules ready, per language (first file)', '', '', Object.entries(hs.prepareMs).map(([l, ms]) => `${l} ${f(ms, 0)}`).join(', ') + ' ms (runtime, grammar load, rule compilation)');
for (const p of hs.pump) row(`pump: ${p.name} (${(p.chars / 1e6).toFixed(1)} MB)`, f(p.wallMs, 0), '', `${p.status}; host blocked at most ${f(p.blockedMs)} ms`);
section(`reader (longest note: ${results.reader.note}, ${f(results.reader.articleKB, 0)} KB)`);
row('first render incl. lazy load (fresh process)', f(results.reader.firstMs.median), f(results.reader.firstMs.p95), '');
row('warm render', f(results.reader.warmP50, 3), f(results.reader.warmP95, 3), '');
section('budgets');
for (const b of results.budgets) row(b.name, `${f(b.figure)} ${b.unit}`, `<= ${b.limit} ${b.unit}`.replace('<= 3 x', '>= 3 x').replace('<= 1 yes', 'yes'), b.ok ? 'ok' : 'OVER');

const widths = [0, 0, 0];
for (const r of rows) if (r.length > 1) r.slice(0, 3).forEach((c, i) => (widths[i] = Math.max(widths[i], c.length)));
for (const r of rows) {
  if (r.length === 1) console.log(`\n${r[0]}`);
  else console.log(`${r[0].padEnd(widths[0])}  ${r[1].padStart(widths[1])}  ${r[2].padStart(widths[2])}  ${r[3] ?? ''}`.trimEnd());
}
const over = results.budgets.filter((b) => !b.ok);
console.log(`\n${results.budgets.length - over.length} of ${results.budgets.length} budgets met; figures in bench-results.json (${results.machine.benchSeconds} s).`);
