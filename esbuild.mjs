// Bundles the extension (Node, CommonJS, `vscode` external), the hint worker, the search worker, the
// workspace-notes parser, the command line and the reader's browser script, and copies the
// tree-sitter wasm files the hint worker loads into dist/wasm. --production minifies; --watch
// rebuilds on change. A metafile per bundle lands in dist/ for size checks.
import * as esbuild from 'esbuild';
import { copyFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
  },
  {
    // Loaded on the first workspace note only (src/features/workspaceNotes.ts).
    ...common,
    entryPoints: ['src/core/workspaceNotesParser.ts'],
    outfile: 'dist/workspaceNotes.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
  },
  {
    // The hint worker: tree-sitter runtime, grammars loader, rules and queries, off the host thread.
    ...common,
    entryPoints: ['src/core/hints/worker.ts'],
    outfile: 'dist/hintWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
  },
  {
    // The command line (`engineering-notes`, package.json "bin"): the same core, from a terminal.
    ...common,
    entryPoints: ['src/cli/index.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    banner: { js: '#!/usr/bin/env node' },
    // The fallback to the installed package's wasm (when run beside node_modules) stays a runtime lookup.
    logOverride: { 'require-resolve-not-external': 'silent' },
  },
  {
    // The search worker, for note sets too large for the extension host's thread.
    ...common,
    entryPoints: ['src/core/search/worker.ts'],
    outfile: 'dist/searchWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
  },
  {
    ...common,
    entryPoints: ['src/webview/reader.ts'],
    outfile: 'dist/webview/reader.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

mkdirSync('dist', { recursive: true });

/** The wasm files of @vscode/tree-sitter-wasm the hints use: the runtime and one grammar per language. */
export const WASM_FILES = ['tree-sitter.wasm', ...['typescript', 'tsx', 'python', 'go', 'java', 'c-sharp'].map((g) => `tree-sitter-${g}.wasm`)];
const wasmSource = dirname(createRequire(import.meta.url).resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm'));
mkdirSync('dist/wasm', { recursive: true });
for (const f of WASM_FILES) copyFileSync(join(wasmSource, f), join('dist/wasm', f));

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('esbuild: watching for changes');
} else {
  for (const options of builds) {
    const result = await esbuild.build(options);
    const name = options.outfile.replace(/^dist\//, '').replace(/\.js$/, '').replace(/\//g, '-');
    writeFileSync(`dist/${name}.meta.json`, JSON.stringify(result.metafile));
    const bytes = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0;
    console.log(`esbuild: ${options.outfile} ${(bytes / 1024).toFixed(1)} KB${production ? ' (minified)' : ''}`);
  }
}
