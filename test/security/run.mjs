// `npm run test:security`: issue 6's browser and boundary tests (see docs/security.md).
// 1. Chromium: uses /usr/bin/chromium (or CHROMIUM_PATH), installing Debian's package with apt if it is missing.
// 2. Builds dist/webview/reader.js when it is missing or older than its sources: the page runs the real script.
// 3. Type-checks test/security, then runs its mocha suites in this process and prints the totals.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const require = createRequire(import.meta.url);
process.chdir(root);

function step(title) {
  console.log(`\n== ${title}`);
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** apt-get, retried while another process holds the dpkg lock. */
function apt(args) {
  for (let attempt = 1; attempt <= 20; attempt++) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status === 0) return;
    process.stderr.write(r.stderr ?? '');
    if (!/lock/i.test(r.stderr ?? '')) throw new Error(`apt-get ${args.join(' ')} failed (${r.status})`);
    console.log(`apt is busy (attempt ${attempt}); waiting 15 s`);
    sleep(15_000);
  }
  throw new Error('apt stayed locked');
}

step('Chromium');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  if (process.env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH=${chromium} does not exist`);
  console.log(`${chromium} is missing: installing Debian's chromium package`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  if (sudo.length) {
    execFileSync('sudo', ['apt-get', 'update'], { stdio: 'inherit' });
    execFileSync('sudo', ['apt-get', 'install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit' });
  } else {
    apt(['update']);
    apt(['install', '-y', '--no-install-recommends', 'chromium']);
  }
}
console.log(execFileSync(chromium, ['--version'], { encoding: 'utf8' }).trim());

step('Reader script');
const bundle = join(root, 'dist', 'webview', 'reader.js');
const sources = ['src/webview/reader.ts', 'src/shared/messages.ts'].map((f) => statSync(join(root, f)).mtimeMs);
if (!existsSync(bundle) || statSync(bundle).mtimeMs < Math.max(...sources)) {
  execFileSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });
} else {
  console.log(`${bundle} is up to date`);
}

step('Type check (test/security)');
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', 'test/security'], { stdio: 'inherit' });
console.log('ok');

step('Tests');
const { register } = await import('tsx/cjs/api');
register();
const { default: Mocha } = await import('mocha');
const mocha = new Mocha({ timeout: 120_000, reporter: 'dot', grep: process.env.SECURITY_GREP });
for (const f of readdirSync(here).filter((f) => f.endsWith('.test.ts')).sort()) mocha.addFile(join(here, f));
await mocha.loadFilesAsync();
const started = Date.now();
let passed = 0;
let failed = 0;
const runner = mocha.run((failures) => {
  console.log(`\nsecurity: ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s); details in test-results/security-summary.json`);
  process.exitCode = failures ? 1 : 0;
});
runner.on('pass', () => passed++);
runner.on('fail', () => failed++);
