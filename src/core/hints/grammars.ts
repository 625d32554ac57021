import type { Language, Parser as ParserType } from '@vscode/tree-sitter-wasm';
import type { Grammar } from './languages';

/**
 * Loads the tree-sitter runtime and grammars of @vscode/tree-sitter-wasm, lazily: the runtime on the
 * first grammar asked for, each grammar on the first file of its language. Nothing loads at
 * activation. Where the wasm files come from is the caller's choice (a folder on disk for Node and
 * the command line, URLs for a web worker), so this file does no I/O of its own.
 */

/** Where the wasm files are: `tree-sitter.wasm` (the runtime) and `tree-sitter-<grammar>.wasm`. */
export interface WasmSource {
  /** A path or URL of the file, or its bytes. */
  locate(file: string): string;
  /** The bytes of a grammar file; when absent, `locate` is passed to the runtime as a path/URL. */
  read?(file: string): Promise<Uint8Array> | Uint8Array;
}

type Runtime = typeof import('@vscode/tree-sitter-wasm');

export class GrammarLoader {
  private runtime: Promise<Runtime> | undefined;
  private readonly languages = new Map<Grammar, Promise<Language>>();
  /** Milliseconds each grammar took to load (runtime included for the first), for the bench. */
  readonly loadMs = new Map<Grammar, number>();

  constructor(private readonly source: WasmSource) {}

  /** The runtime module, initialised. */
  async module(): Promise<Runtime> {
    this.runtime ??= (async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const ts = require('@vscode/tree-sitter-wasm') as Runtime;
      await ts.Parser.init({ locateFile: (file: string) => this.source.locate(file) });
      return ts;
    })();
    return this.runtime;
  }

  /** The grammar, loaded on first use. A failed load is not cached, so a later call tries again. */
  language(grammar: Grammar): Promise<Language> {
    let p = this.languages.get(grammar);
    if (!p) {
      const started = performance.now();
      p = (async () => {
        const ts = await this.module();
        const file = `tree-sitter-${grammar}.wasm`;
        const input = this.source.read ? await this.source.read(file) : this.source.locate(file);
        const lang = await ts.Language.load(input);
        this.loadMs.set(grammar, performance.now() - started);
        return lang;
      })();
      p.catch(() => this.languages.delete(grammar));
      this.languages.set(grammar, p);
    }
    return p;
  }

  /** Grammars loaded so far (for the check that activation loads none). */
  loaded(): Grammar[] {
    return [...this.loadMs.keys()];
  }

  async parser(grammar: Grammar): Promise<ParserType> {
    const ts = await this.module();
    const parser = new ts.Parser();
    parser.setLanguage(await this.language(grammar));
    return parser;
  }
}
