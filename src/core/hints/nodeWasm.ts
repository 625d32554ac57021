import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { WasmSource } from './grammars';

/**
 * Wasm files on disk. The bundles find them in `dist/wasm` (copied there by esbuild.mjs); tests,
 * scripts and the bench read them straight from the installed @vscode/tree-sitter-wasm package.
 */
export function wasmFromDirectory(dir: string): WasmSource {
  return {
    locate: (file) => join(dir, file),
    read: (file) => readFileSync(join(dir, file)),
  };
}

/** The installed package's wasm folder (Node, unbundled). */
export function packageWasmDirectory(): string {
  return dirname(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm'));
}
