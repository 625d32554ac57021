#!/usr/bin/env node
// `npm run test:start`: the README's first command as a newcomer runs it. A clean clone of this
// repository's HEAD in a temporary folder, `npm ci`, then `npm start -- --web --check`: everything
// `npm start` does before a person opens the editor (install, build, code-server up on the demo
// workspace, its workbench page served), then stop. Passes when that exits 0 and printed the URL.
//
// It goes through `npm start`, not `node scripts/start.mjs`, on purpose: a nested npm inherits the
// outer npm's variables, which once made code-server's install refuse to build (see nodeEnv() in
// test/vscode/lib/setup.mjs). The real-editor cache is shared with test/vscode (it runs first in
// `npm test`, so code-server is there by then; on its own this installs it).
//
// Only Node built-ins here.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const say = (...a) => console.log('[start-test]', ...a);

function git(args, cwd = root) {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
}

const dirty = git(['status', '--porcelain', '--untracked-files=no']);
if (dirty) say(`note: uncommitted changes are not part of the clean clone:\n${dirty}`);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'engineering-notes-start-'));
const clone = path.join(tmp, 'clone');
let status = 1;
try {
  git(['clone', '--quiet', '--no-hardlinks', root, clone], tmp);
  say(`clean clone of ${git(['rev-parse', '--short', 'HEAD'], clone)} in ${clone}`);

  const run = (cmd, args) =>
    new Promise((resolve) => {
      let out = '';
      const child = spawn(cmd, args, { cwd: clone, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: process.env.CI ?? '' } });
      child.stdout.on('data', (d) => {
        out += d;
        process.stdout.write(d);
      });
      child.stderr.on('data', (d) => process.stderr.write(d));
      child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
    });

  const ci = await run('npm', ['ci', '--no-audit', '--no-fund']);
  if (ci.code !== 0) throw new Error(`npm ci failed (exit ${ci.code})`);
  const start = await run('npm', ['start', '--', '--web', '--check']);
  const url = /ready: (http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(start.out)?.[1];
  if (start.code !== 0) throw new Error(`npm start exited ${start.code}`);
  if (!url) throw new Error('npm start exited 0 but printed no editor URL');
  say(`npm start served the editor at ${url}`);
  status = 0;
} catch (err) {
  console.error(`[start-test] ${err?.message ?? err}`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
// The plain closing line CI reads.
console.log(status === 0 ? 'start: 1 passed, 0 failed' : 'start: 0 passed, 1 failed');
process.exit(status);
