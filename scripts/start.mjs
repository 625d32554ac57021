#!/usr/bin/env node
// `npm start`: builds the extension (npm run build:dev) and opens it in a real editor on the demo
// workspace (demo/: TypeScript, Python, Go and Java files that trigger hints).
//
//   - desktop VS Code (`code --extensionDevelopmentPath`) when `code` is on PATH;
//   - otherwise code-server on 127.0.0.1 (a free port, all its state in a temporary folder) with the
//     extension loaded, printing the URL to open. Ctrl-C stops it and removes the temporary folder.
//
// Options: --web (code-server even when `code` is on PATH), --port N (code-server's port),
// --watch (rebuild on change too; then "Developer: Reload Window" in the editor picks it up),
// --check (do everything up to serving the editor, ask the server for the workbench page, print
// the URL, then stop and exit 0: what test/start/run.mjs runs from a clean clone).
// The first code-server start on a machine installs Node 24 and code-server into the cache of the
// real-editor tests (test/vscode/lib/setup.mjs: about 2.5 minutes, once).

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const demo = path.join(root, 'demo');
const args = process.argv.slice(2);
const web = args.includes('--web');
const watch = args.includes('--watch');
const check = args.includes('--check');
const portArg = args.indexOf('--port');
const port = portArg >= 0 ? Number(args[portArg + 1]) : 0;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('start: --port needs a port number');
  process.exit(2);
}

const say = (...a) => console.log('[start]', ...a);

function npm(script) {
  const r = spawnSync('npm', ['run', script], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`[start] npm run ${script} failed`);
    process.exit(r.status ?? 1);
  }
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

if (!fs.existsSync(path.join(root, 'node_modules'))) {
  say('installing dependencies (npm ci)');
  const r = spawnSync('npm', ['ci'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
npm('build:dev');

// ---------------------------------------------------------------- desktop VS Code

if (!web && !check && onPath('code')) {
  say('opening desktop VS Code with the extension in development mode');
  const r = spawnSync('code', ['--new-window', `--extensionDevelopmentPath=${root}`, demo], { stdio: 'inherit' });
  if (watch) {
    say('rebuilding on change (Ctrl-C to stop); reload the editor window to pick changes up');
    spawnSync('node', ['esbuild.mjs', '--watch'], { cwd: root, stdio: 'inherit' });
  }
  process.exit(r.status ?? 0);
}

// ---------------------------------------------------------------- code-server

const { ensureCodeServer, ensureNode } = await import('../test/vscode/lib/setup.mjs');
const { makeStateDir, onInterrupt, removeStateDir, startCodeServer } = await import('../test/vscode/lib/server.mjs');

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
let server;
let state;
let watcher;
let stopping = false;
async function stop() {
  stopping = true;
  if (watcher && watcher.exitCode === null) watcher.kill('SIGTERM');
  watcher = undefined;
  if (server) await server.stop();
  server = undefined;
  if (state) removeStateDir(state);
  state = undefined;
}
onInterrupt(stop);

try {
  const node = await ensureNode();
  const codeServer = await ensureCodeServer(node);
  state = makeStateDir('engineering-notes-start-');
  // The extension, installed as a link to this folder: loaded like a user's installed extension
  // (notifications and all), and "Developer: Reload Window" picks up a rebuild.
  fs.symlinkSync(root, path.join(state.extensions, `${pkg.publisher}.${pkg.name}-${pkg.version}`), 'dir');
  server = await startCodeServer({
    node,
    entry: codeServer.entry,
    state,
    port,
    smokeTestDriver: false,
    settings: { 'workbench.colorTheme': 'Default Dark Modern' },
  });
  if (watch) {
    watcher = spawn(process.execPath, ['esbuild.mjs', '--watch'], { cwd: root, stdio: 'inherit' });
  }
  const url = `${server.url}/?folder=${encodeURIComponent(demo)}`;
  if (check) {
    // The workbench page itself, not just /healthz: what a person's browser asks for first.
    const res = await fetch(url);
    const body = await res.text();
    if (res.status !== 200 || !body.includes('workbench')) throw new Error(`the editor did not serve its workbench page (HTTP ${res.status})`);
    say(`ready: ${url}`);
    await stop();
    process.exit(0);
  }
  console.log('');
  say(`code-server ${codeServer.version} is running Engineering Notes on the demo workspace:`);
  console.log(`\n    ${url}\n`);
  say(`open that URL in a browser on this machine${watch ? '; reload the window after a rebuild' : ''}. Ctrl-C stops it.`);
  const { code, signal } = await server.exited;
  if (stopping) await new Promise(() => {}); // Ctrl-C: the interrupt handler finishes and exits.
  say(`code-server exited by itself (${signal ?? code})`);
  await stop();
  process.exit(1);
} catch (err) {
  console.error(`[start] ${err?.stack ?? err}`);
  await stop();
  process.exit(1);
}
