// Runs a TypeScript build script that shares src/core with the extension: esbuild bundles it
// (dependencies stay external) into .cache/, then Node runs it. No separate compile step, no loader hooks.
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Bundles `entry` (relative to the repo root) and imports it with NOTES_ROOT set to the repo root. */
export async function runTs(entry) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const outDir = join(root, '.cache', 'scripts');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, basename(entry).replace(/\.ts$/, '.cjs'));
  await esbuild.build({
    entryPoints: [join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
    absWorkingDir: root,
  });
  process.env.NOTES_ROOT ??= root;
  createRequire(import.meta.url)(outfile);
}
