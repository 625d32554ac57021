// Runs an extension test suite the way desktop VS Code does for @vscode/test-electron, but in
// code-server + headless Chromium: takes VS Code's command line (a folder to open,
// --extensionDevelopmentPath=..., --extensionTestsPath=...), starts code-server with the
// smoke-test driver on, opens the workbench with those paths as its payload, and exits with the
// code the suite's run() reports through window.codeAutomationExit().
//
// Started by bin/code-server-test-launcher (which runTests() spawns). Stops everything it started,
// also on failure, timeout and Ctrl-C. On failure: a screenshot and the logs under test-results/.

import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, waitForWorkbench } from './lib/browser.mjs';
import { collectLogs, makeStateDir, onInterrupt, removeStateDir, startCodeServer, workbenchUrl } from './lib/server.mjs';
import { REPO_ROOT, ensureChromium, ensureCodeServer, ensureNode } from './lib/setup.mjs';

const say = (...a) => console.log('[launcher]', ...a);

function parseArgs(argv) {
  const out = { positional: [], extensionDevelopmentPath: [], extensionTestsPath: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      out.positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    const takesValue = ['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir', 'locale'].includes(name);
    const value = eq > 0 ? a.slice(eq + 1) : takesValue ? argv[++i] : true;
    if (name === 'extensionDevelopmentPath') out.extensionDevelopmentPath.push(value);
    else if (name === 'extensionTestsPath') out.extensionTestsPath = value;
    // Everything else (--no-sandbox, --disable-updates, --user-data-dir, ...) is desktop-only:
    // code-server gets its own state folder below.
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
const resultsDir = path.resolve(process.env.ENGINEERING_NOTES_TEST_RESULTS ?? path.join(REPO_ROOT, 'test-results', 'vscode-api'));
const timeoutMs = Number(process.env.ENGINEERING_NOTES_TEST_TIMEOUT ?? 300) * 1000;

let server;
let browser;
let state;
let stopTail = () => {};

/** Copies what is appended to `file` to stdout until the returned function is called. */
function tail(file) {
  let pos = 0;
  const pump = () => {
    let fd;
    try {
      fd = fs.openSync(file, 'r');
      const size = fs.fstatSync(fd).size;
      if (size > pos) {
        const buf = Buffer.alloc(size - pos);
        fs.readSync(fd, buf, 0, buf.length, pos);
        pos = size;
        process.stdout.write(buf);
      }
    } catch {
      /* not there yet */
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  };
  const timer = setInterval(pump, 200);
  return () => {
    clearInterval(timer);
    pump();
  };
}

async function cleanup() {
  stopTail();
  stopTail = () => {};
  if (browser) await browser.close();
  browser = undefined;
  if (server) await server.stop();
  server = undefined;
  if (state) removeStateDir(state);
  state = undefined;
}
onInterrupt(cleanup);

async function main() {
  if (!args.extensionTestsPath) throw new Error('no --extensionTestsPath given');
  const folder = args.positional.find((p) => fs.existsSync(p));
  const node = await ensureNode();
  const codeServer = await ensureCodeServer(node);
  const chromiumPath = await ensureChromium();

  const t0 = Date.now();
  state = makeStateDir('engineering-notes-api-');
  // Console output of a remote extension host only reaches the browser's console, so the suite
  // writes its report to a file (suite/index.js) that is copied to our stdout as it grows.
  const outFile = path.join(state.dir, 'suite-output.log');
  fs.writeFileSync(outFile, '');
  stopTail = tail(outFile);
  server = await startCodeServer({ node, entry: codeServer.entry, state, env: { ENGINEERING_NOTES_TEST_OUTPUT: outFile } });
  say(`code-server ${codeServer.version} at ${server.url} (pid group ${server.pid}), up in ${Date.now() - t0} ms`);

  browser = await launchBrowser({ executablePath: chromiumPath, profileDir: path.join(state.dir, 'chromium') });
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());

  const consoleLog = fs.createWriteStream(path.join(state.dir, 'browser-console.log'));
  page.on('console', (msg) => consoleLog.write(`[${msg.type()}] ${msg.text()}\n`));
  page.on('pageerror', (err) => consoleLog.write(`[pageerror] ${err.message}\n`));

  let reportExit;
  const exitCode = new Promise((r) => (reportExit = r));
  await page.exposeFunction('codeAutomationExit', (code) => reportExit(Number(code)));

  const payload = [...args.extensionDevelopmentPath.map((p) => ['extensionDevelopmentPath', p]), ['extensionTestsPath', args.extensionTestsPath]];
  const url = workbenchUrl(server, { folder, payload });
  await page.goto(url);
  await waitForWorkbench(page);
  say(`workbench ready after ${Date.now() - t0} ms; running ${path.relative(REPO_ROOT, args.extensionTestsPath) || args.extensionTestsPath}`);

  const code = await Promise.race([
    exitCode,
    new Promise((r) => setTimeout(() => r('timeout'), timeoutMs)),
    server.exited.then(() => 'server-exited'),
  ]);
  consoleLog.end();
  stopTail();
  if (code !== 0) {
    fs.mkdirSync(resultsDir, { recursive: true });
    try {
      await page.screenshot({ path: path.join(resultsDir, 'failure.png') });
    } catch {
      /* the page is gone */
    }
    const logs = collectLogs(state, path.join(resultsDir, 'logs'));
    try {
      fs.copyFileSync(path.join(state.dir, 'browser-console.log'), path.join(resultsDir, 'logs', 'browser-console.log'));
    } catch {
      /* none */
    }
    say(`suite ${typeof code === 'number' ? `failed (exit ${code})` : code}; screenshot and ${logs.length} logs in ${path.relative(REPO_ROOT, resultsDir)}`);
  }
  return typeof code === 'number' ? code : 1;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  console.error('[launcher]', err?.stack ?? err);
  if (state) {
    try {
      collectLogs(state, path.join(resultsDir, 'logs'));
    } catch {
      /* best effort */
    }
  }
} finally {
  await cleanup();
}
process.exit(code);
