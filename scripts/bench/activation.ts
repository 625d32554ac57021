/**
 * One activation, in a fresh process: `require` the bundle and run `activate()` against a fake
 * `vscode`, timing each, and list what activation read from disk and which modules it loaded.
 * Usage: node activation.cjs <bundle.js> <extension dir>   (prints one JSON line)
 */
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { createFakeVscode } from './fakeVscode';

const [bundle, extensionDir] = process.argv.slice(2).map((p) => resolve(p));

// The extension host has these loaded long before any extension activates (VS Code itself uses
// them), so requiring them costs an extension nothing; load them first so neither bundle pays.
for (const builtin of ['fs', 'path', 'os', 'crypto', 'events', 'stream', 'util', 'url', 'net', 'child_process']) createRequire(__filename)(`node:${builtin}`);
const fake = createFakeVscode();
const loadedModules: string[] = [];
const moduleLoader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const originalLoad = moduleLoader._load;
moduleLoader._load = function (request: string, ...rest: unknown[]) {
  if (request === 'vscode') return fake.api;
  loadedModules.push(request);
  return originalLoad.call(this, request, ...rest);
};

// Which files activation reads: everything it needs should wait for first use.
const reads: string[] = [];
let watching = false;
for (const name of ['readFileSync', 'openSync', 'readdirSync', 'statSync', 'existsSync'] as const) {
  const original = fs[name] as (...a: unknown[]) => unknown;
  (fs as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
    if (watching) reads.push(`${name} ${String(args[0])}`);
    return original(...args);
  };
}

const require = createRequire(__filename);
const context = {
  subscriptions: [] as { dispose(): unknown }[],
  extensionUri: { scheme: 'file', fsPath: extensionDir, toString: () => `file://${extensionDir}` },
  extensionPath: extensionDir,
  globalState: { get: () => undefined, update: async () => undefined },
  workspaceState: { get: () => undefined, update: async () => undefined },
};

const t0 = performance.now();
const extension = require(bundle) as { activate(c: unknown): unknown };
const t1 = performance.now();
watching = true;
const modulesBefore = loadedModules.length;
extension.activate(context);
watching = false;
const t2 = performance.now();
console.log(
  JSON.stringify({
    requireMs: t1 - t0,
    activateMs: t2 - t1,
    totalMs: t2 - t0,
    readsDuringActivate: reads,
    modulesAtLoad: [...new Set(loadedModules.slice(0, modulesBefore))],
    modulesDuringActivate: [...new Set(loadedModules.slice(modulesBefore))],
    vscodeCalls: fake.calls,
    subscriptions: context.subscriptions.length,
  }),
);
