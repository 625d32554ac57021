// Bundles the extension (Node, CommonJS, `vscode` external), the command line, the search worker
// and the reader's browser script.
// --production minifies; --watch rebuilds on change. A metafile per bundle lands in dist/ for size checks.
import * as esbuild from 'esbuild';
import { writeFileSync, mkdirSync } from 'node:fs';

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
    // The command line (`engineering-notes`, package.json "bin"): the same core, from a terminal.
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    banner: { js: '#!/usr/bin/env node' },
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
