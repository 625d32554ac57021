import { dirname } from 'node:path';

/**
 * The installed @vscode/tree-sitter-wasm package's wasm folder, for code run from source (tests,
 * scripts, the bench). The bundles use the copy in dist/wasm instead.
 */
export function packageWasmDirectory(): string {
  return dirname(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm'));
}
