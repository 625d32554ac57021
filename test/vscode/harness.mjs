// Runs the real-editor suites; started by run.mjs under Node 24 once everything is installed.
//
//   api  the in-extension-host suite (suite/), through @vscode/test-electron's runTests():
//        in code-server by default (vscodeExecutablePath = bin/code-server-test-launcher), or in a
//        downloaded desktop VS Code with --desktop (where VS Code can be downloaded)
//   ui   the user walk-through (ui/), playwright-core driving the workbench in Chromium
//
// Prints one closing line for both: "vscode: N passed, N failed".

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import Mocha from 'mocha';
import { HARNESS_DIR, REPO_ROOT } from './lib/setup.mjs';

const argv = process.argv.slice(2);
const desktop = argv.includes('--desktop');
const picked = ['api', 'ui'].filter((s) => argv.includes(`--${s}`));
const suites = picked.length ? picked : desktop ? ['api'] : ['api', 'ui'];
const color = process.stdout.isTTY && !process.env.NO_COLOR;

const results = [];

// Ctrl-C reaches every process of the group: runTests() passes SIGINT on to the launcher (which stops
// its code-server and browser), the ui suite stops its own. Here: note it, run no further suite,
// remove the workspace copies. SIGTERM and SIGHUP (from run.mjs, or CI) are turned into the same.
let interrupted;
const workspaces = new Set();
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (interrupted) return;
    interrupted = sig;
    for (const w of workspaces) fs.rmSync(w, { recursive: true, force: true });
    if (sig !== 'SIGINT') process.emit('SIGINT', 'SIGINT');
  });
}

/** A copy of the fixture workspace, so that the tests never write into the repository. */
function copyWorkspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engineering-notes-workspace-'));
  fs.cpSync(path.join(HARNESS_DIR, 'fixtures', 'workspace'), dir, { recursive: true });
  workspaces.add(dir);
  return dir;
}

async function runApi() {
  const t0 = Date.now();
  const workspace = copyWorkspace();
  const summaryFile = path.join(workspace, '..', `${path.basename(workspace)}-summary.json`);
  console.log(`\n[harness] api suite: in-extension-host tests (${desktop ? 'desktop VS Code' : 'code-server'})`);
  let ok = false;
  const launcher = path.join(HARNESS_DIR, 'bin', 'code-server-test-launcher');
  if (!desktop) fs.chmodSync(launcher, 0o755); // in case a checkout lost the executable bit
  try {
    await runTests({
      ...(desktop ? {} : { vscodeExecutablePath: launcher }),
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(HARNESS_DIR, 'suite', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--skip-welcome', '--skip-release-notes'],
      extensionTestsEnv: {
        ENGINEERING_NOTES_TEST_SUMMARY: summaryFile,
        ENGINEERING_NOTES_TEST_WORKSPACE: workspace,
        ...(color ? { ENGINEERING_NOTES_TEST_COLOR: '1' } : {}),
      },
    });
    ok = true;
  } catch (err) {
    console.error(`[harness] api suite: ${err.message}`);
  }
  let summary = { passes: 0, failures: ok ? 0 : 1, pending: 0 };
  try {
    summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8'));
  } catch {
    /* the suite never finished: counted as one failure */
  }
  if (!ok && summary.failures === 0) summary.failures = 1;
  fs.rmSync(workspace, { recursive: true, force: true });
  workspaces.delete(workspace);
  fs.rmSync(summaryFile, { force: true });
  results.push({ suite: 'api', ...summary, seconds: (Date.now() - t0) / 1000 });
}

async function runUi() {
  const t0 = Date.now();
  console.log('\n[harness] ui suite: the user walk-through in code-server + Chromium');
  const workspace = copyWorkspace();
  process.env.ENGINEERING_NOTES_TEST_WORKSPACE = workspace;
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color, timeout: 60_000, slow: 5_000, bail: true });
  if (process.env.ENGINEERING_NOTES_TEST_GREP) mocha.grep(process.env.ENGINEERING_NOTES_TEST_GREP);
  for (const name of fs.readdirSync(path.join(HARNESS_DIR, 'ui')).filter((n) => n.endsWith('.test.mjs')).sort()) {
    mocha.addFile(path.join(HARNESS_DIR, 'ui', name));
  }
  await mocha.loadFilesAsync();
  const stats = await new Promise((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats));
  });
  fs.rmSync(workspace, { recursive: true, force: true });
  workspaces.delete(workspace);
  // With bail, the steps after a failure do not run: they count as failed, not as passed.
  results.push({ suite: 'ui', passes: stats.passes, failures: stats.failures, pending: stats.pending, seconds: (Date.now() - t0) / 1000 });
}

const t0 = Date.now();
for (const s of suites) {
  if (interrupted) break;
  if (s === 'api') await runApi();
  if (s === 'ui') await runUi();
}
if (interrupted) {
  console.log(`\n[harness] ${interrupted}: stopped`);
  process.exit(130);
}
const passed = results.reduce((n, r) => n + r.passes, 0);
const failed = results.reduce((n, r) => n + r.failures, 0);
console.log('');
for (const r of results) console.log(`[harness] ${r.suite}: ${r.passes} passed, ${r.failures} failed in ${r.seconds.toFixed(0)} s`);
console.log(`[harness] real-editor suites took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
console.log(`vscode: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || results.length === 0 ? 1 : 0);
