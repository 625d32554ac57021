#!/usr/bin/env node
// `npm run test:vscode`: the real-editor tests of Engineering Notes.
//
//   node test/vscode/run.mjs            both suites (api, then ui) in code-server
//   node test/vscode/run.mjs --api      only the in-extension-host suite
//   node test/vscode/run.mjs --ui       only the user walk-through
//   node test/vscode/run.mjs --desktop  the api suite in a downloaded desktop VS Code
//                                       (@vscode/test-electron's own download; needs the internet)
//
// First run on a machine: installs what is missing (Chromium and build packages with apt; Node 24
// and code-server into the cache, see lib/setup.mjs; the harness's own packages with npm ci), then
// builds the extension if dist/ is older than src/. Later runs reuse all of it.
//
// Environment: ENGINEERING_NOTES_TEST_CACHE (cache folder), ENGINEERING_NOTES_TEST_GREP (only
// matching tests), ENGINEERING_NOTES_TEST_NO_BUILD=1, ENGINEERING_NOTES_TEST_KEEP_STATE=1 (keep
// code-server's temporary folders), ENGINEERING_NOTES_TEST_HEADED=1, CHROMIUM_PATH.
//
// Only Node built-ins here: this runs on the machine's Node before anything else is installed.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { HARNESS_DIR, cacheRoot, ensureChromium, ensureCodeServer, ensureExtensionBuilt, ensureHarnessDeps, ensureNode, log } from './lib/setup.mjs';

const args = process.argv.slice(2);
const desktop = args.includes('--desktop');
const uiWanted = !desktop && (args.includes('--ui') || !args.includes('--api'));

const t0 = Date.now();
let child;
let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    // The harness stops its own servers and browsers; pass the signal on (Ctrl-C in a terminal
    // already reached it, being in our process group) and wait for it to exit.
    if (child && !stopping) {
      stopping = true;
      if (sig !== 'SIGINT') child.kill(sig);
      return;
    }
    if (!child) process.exit(130);
  });
}

try {
  log(`cache: ${cacheRoot()}`);
  const node = await ensureNode();
  await ensureHarnessDeps(node);
  if (!desktop) {
    await ensureCodeServer(node);
  }
  if (uiWanted || !desktop) await ensureChromium();
  await ensureExtensionBuilt();
  log(`ready in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

  child = spawn(node.bin, [path.join(HARNESS_DIR, 'harness.mjs'), ...args], {
    stdio: 'inherit',
    env: { ...process.env, ENGINEERING_NOTES_NODE: node.bin },
  });
  const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s === 'SIGINT' ? 130 : 1))));
  log(`total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  process.exit(code);
} catch (err) {
  console.error(`[harness] ${err?.stack ?? err}`);
  process.exit(1);
}
