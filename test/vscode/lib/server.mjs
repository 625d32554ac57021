// Starts code-server on 127.0.0.1 with every bit of its state in a temporary folder, in a process
// group of its own, and stops exactly that group again: when asked, when the Node process exits,
// and on Ctrl-C / SIGTERM (see onInterrupt()).
//
// Only Node's built-in modules are used here.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

// Kills the group given as its first argument and removes the folder given as its second, once its
// stdin closes (its parent died); exits quietly on SIGTERM (its parent stopped the server itself).
const WATCHDOG = `
const [pid, dir] = process.argv.slice(1);
process.on('SIGTERM', () => process.exit(0));
process.stdin.resume();
process.stdin.on('close', () => {
  try { process.kill(-Number(pid), 'SIGKILL'); } catch {}
  if (!dir) process.exit(0);
  const rm = () => require('fs').rmSync(dir, { recursive: true, force: true });
  setTimeout(() => { try { rm(); } catch { setTimeout(() => { try { rm(); } catch {} process.exit(0); }, 1000); return; } process.exit(0); }, 500);
});`;

/** User settings for a quiet, offline, repeatable workbench. */
export const DEFAULT_SETTINGS = Object.freeze({
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'files.hotExit': 'off',
  'editor.codeLens': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.commandCenter.enabled': false,
});

// Groups started by this process and not yet stopped; killed for sure when the process exits.
const live = new Set();
process.on('exit', () => {
  for (const pid of live) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
});

let interruptHandlers = [];
let interrupted = 0;
/**
 * Runs `cleanup` (async) once on SIGINT, SIGTERM or SIGHUP, then exits (130 / 143 / 129).
 * A second signal while cleaning up exits at once (the exit hook still kills every started group).
 */
export function onInterrupt(cleanup) {
  interruptHandlers.push(cleanup);
  if (interruptHandlers.length > 1) return;
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(sig, async () => {
      // Ctrl-C reaches both the runner and its child at once: a repeat within a second is the same one.
      if (interrupted) {
        if (Date.now() - interrupted > 1000) process.exit(code);
        return;
      }
      interrupted = Date.now();
      console.error(`\n[harness] ${sig}: stopping what was started`);
      for (const fn of interruptHandlers.slice().reverse()) {
        try {
          await fn();
        } catch (err) {
          console.error('[harness] cleanup:', err?.message ?? err);
        }
      }
      process.exit(code);
    });
  }
}

/** A fresh temporary folder for one code-server's state: home, XDG dirs, user data, extensions. */
export function makeStateDir(prefix = 'engineering-notes-vscode-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const state = {
    dir,
    home: path.join(dir, 'home'),
    userData: path.join(dir, 'user-data'),
    extensions: path.join(dir, 'extensions'),
    config: path.join(dir, 'config.yaml'),
    serverLog: path.join(dir, 'code-server.log'),
  };
  for (const d of [state.home, state.userData, state.extensions, path.join(state.home, '.config'), path.join(state.home, '.cache'), path.join(state.home, '.local', 'share')]) {
    fs.mkdirSync(d, { recursive: true });
  }
  return state;
}

export function writeUserSettings(state, settings = {}) {
  const file = path.join(state.userData, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2) + '\n');
  return file;
}

function get(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => req.destroy());
  });
}

/**
 * Starts code-server. Returns { url, port, pid, state, stop() }.
 * options: node ({ bin, binDir }), entry (code-server's out/node/entry.js), state (makeStateDir()),
 * settings (extra user settings), env (extra environment for the server and its extension host),
 * smokeTestDriver (let the page load extensions and tests from a `payload`), echo (copy output to stdout).
 */
export async function startCodeServer({ node, entry, state = makeStateDir(), settings = {}, env = {}, smokeTestDriver = true, echo = false, port = 0, timeoutMs = 60_000 }) {
  writeUserSettings(state, settings);
  fs.writeFileSync(state.config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    entry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--config', state.config,
    '--user-data-dir', state.userData,
    '--extensions-dir', state.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  const childEnv = {
    ...process.env,
    ...env,
    PATH: `${node.binDir}${path.delimiter}${process.env.PATH ?? ''}`,
    HOME: state.home,
    XDG_CONFIG_HOME: path.join(state.home, '.config'),
    XDG_CACHE_HOME: path.join(state.home, '.cache'),
    XDG_DATA_HOME: path.join(state.home, '.local', 'share'),
    EXTENSIONS_GALLERY: '{}',
  };
  // Variables that would point the server somewhere else, or make it think it is a child of VS Code.
  for (const k of ['VSCODE_IPC_HOOK_CLI', 'VSCODE_PROXY_URI', 'PASSWORD', 'HASHED_PASSWORD', 'CODE_SERVER_CONFIG', 'ELECTRON_RUN_AS_NODE']) delete childEnv[k];

  const logFd = fs.openSync(state.serverLog, 'a');
  const child = spawn(node.bin, args, { env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child.pid);
  // A watchdog in its own group holds a pipe from us: if this process dies without cleaning up
  // (SIGKILL, a crash), the pipe closes and the watchdog kills the server's group.
  const watchdog = spawn(
    node.bin,
    ['-e', WATCHDOG, String(child.pid), process.env.ENGINEERING_NOTES_TEST_KEEP_STATE === '1' ? '' : state.dir],
    { detached: true, stdio: ['pipe', 'ignore', 'ignore'] },
  );
  watchdog.on('error', () => {});
  watchdog.unref();
  watchdog.stdin.on('error', () => {});
  watchdog.stdin.unref?.();
  let exited = false;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    });
  });

  let output = '';
  let resolveUrl;
  const urlPromise = new Promise((r) => (resolveUrl = r));
  const onData = (chunk) => {
    fs.writeSync(logFd, chunk);
    if (echo) process.stdout.write(chunk);
    if (output.length < 64_000) output += chunk.toString();
    const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:(\d+))\/?/.exec(output);
    if (m) resolveUrl({ url: m[1], port: Number(m[2]) });
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  async function stop() {
    if (!live.has(child.pid)) return;
    watchdog.kill('SIGTERM');
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    const timer = new Promise((r) => setTimeout(() => r('timeout'), 5000));
    if (!exited && (await Promise.race([exitPromise, timer])) === 'timeout') {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      await exitPromise;
    }
    // The group may outlive its leader (the extension host, a file watcher): kill what is left.
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* nothing left */
    }
    live.delete(child.pid);
    try {
      fs.closeSync(logFd);
    } catch {
      /* closed */
    }
  }

  const started = Date.now();
  const result = await Promise.race([
    urlPromise,
    exitPromise.then(({ code, signal }) => ({ exit: code ?? signal })),
    new Promise((r) => setTimeout(() => r({ timeout: true }), timeoutMs)),
  ]);
  if (!result.url) {
    await stop();
    throw new Error(`code-server did not start (${result.timeout ? 'timeout' : 'exit ' + result.exit}); its output:\n${output.slice(-4000)}`);
  }
  while ((await get(`${result.url}/healthz`)) !== 200) {
    if (exited || Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`code-server at ${result.url} never answered /healthz; its output:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url: result.url, port: result.port, pid: child.pid, state, stop, exited: exitPromise };
}

/** The workbench URL for a folder, with the smoke-test driver's payload (extensionDevelopmentPath, extensionTestsPath, ...). */
export function workbenchUrl(server, { folder, payload = [] } = {}) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${path.resolve(p).split(path.sep).map(encodeURIComponent).join('/')}`;
  const params = [];
  if (folder) params.push(`folder=${encodeURIComponent(path.resolve(folder))}`);
  const entries = payload.map(([k, v]) => [k, /Path$/.test(k) ? remote(v) : v]);
  if (entries.length) params.push(`payload=${encodeURIComponent(JSON.stringify(entries))}`);
  return `${server.url}/${params.length ? '?' + params.join('&') : ''}`;
}

/** Every extension host log file the server wrote (newest session first). */
export function extensionHostLogs(state) {
  const found = [];
  const root = path.join(state.userData, 'logs');
  const walk = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      // The extension host's own log, and the extension's output channel; not the other extensions'.
      else if (e.name === 'remoteexthost.log' || e.name === 'exthost.log' || /engineering.?notes/i.test(path.relative(root, p))) found.push(p);
    }
  };
  walk(root);
  return found.sort().reverse();
}

/** Copies the server log and the extension host logs into `dest` (for a failed run). */
export function collectLogs(state, dest) {
  fs.mkdirSync(dest, { recursive: true });
  const copied = [];
  const copy = (src, name) => {
    try {
      fs.copyFileSync(src, path.join(dest, name));
      copied.push(path.join(dest, name));
    } catch {
      /* missing */
    }
  };
  copy(state.serverLog, 'code-server.log');
  for (const p of extensionHostLogs(state)) {
    const rel = path.relative(path.join(state.userData, 'logs'), p).replace(/[\\/]/g, '__');
    copy(p, rel);
  }
  return copied;
}

export function removeStateDir(state) {
  if (process.env.ENGINEERING_NOTES_TEST_KEEP_STATE === '1') {
    console.log(`[harness] kept code-server state in ${state.dir}`);
    return;
  }
  fs.rmSync(state.dir, { recursive: true, force: true });
}
