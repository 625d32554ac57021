/**
 * The least of the `vscode` API that `activate()` needs, for timing activation in plain Node.
 * Every call is recorded; anything the extension reaches for that is not modelled here still
 * works (a function returning a disposable) and is listed, so a new API use shows up in the bench
 * output instead of crashing it.
 */
export interface FakeVscode {
  api: Record<string, unknown>;
  calls: string[];
}

export function createFakeVscode(): FakeVscode {
  const calls: string[] = [];
  const disposable = () => ({ dispose() {} });

  class EventEmitter<T> {
    private listeners: ((e: T) => void)[] = [];
    event = (listener: (e: T) => void) => {
      this.listeners.push(listener);
      return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
    };
    fire(e: T) {
      for (const l of this.listeners) l(e);
    }
    dispose() {
      this.listeners = [];
    }
  }

  class Uri {
    constructor(
      readonly scheme: string,
      readonly fsPath: string,
    ) {}
    static file(p: string) {
      return new Uri('file', p);
    }
    static joinPath(base: Uri, ...parts: string[]) {
      return new Uri(base.scheme, [base.fsPath, ...parts].join('/'));
    }
    toString() {
      return `${this.scheme}://${this.fsPath}`;
    }
  }

  const configuration = {
    get: <T>(_key: string, fallback?: T) => fallback,
    inspect: () => undefined,
    update: async () => undefined,
    has: () => false,
  };

  /** A namespace whose listed members are real and whose others record the call and return a disposable. */
  const namespace = (name: string, members: Record<string, unknown>) =>
    new Proxy(members, {
      get(target, prop) {
        if (typeof prop !== 'string') return undefined;
        if (prop in target) {
          const value = target[prop];
          return typeof value === 'function'
            ? (...args: unknown[]) => {
                calls.push(`${name}.${prop}`);
                return (value as (...a: unknown[]) => unknown)(...args);
              }
            : value;
        }
        if (prop.startsWith('__') || prop === 'then') return undefined;
        return (..._args: unknown[]) => {
          calls.push(`${name}.${prop} (not modelled)`);
          return disposable();
        };
      },
    });

  const api: Record<string, unknown> = {
    EventEmitter,
    Uri,
    Disposable: class {
      static from(...items: { dispose(): unknown }[]) {
        return { dispose: () => items.forEach((i) => i.dispose()) };
      }
      constructor(private readonly fn: () => void) {}
      dispose() {
        this.fn();
      }
    },
    workspace: namespace('workspace', {
      getConfiguration: () => configuration,
      onDidChangeConfiguration: disposable,
      onDidCloseTextDocument: disposable,
      onDidChangeTextDocument: disposable,
      onDidOpenTextDocument: disposable,
    }),
    window: namespace('window', {
      registerWebviewPanelSerializer: disposable,
      createTreeView: () => ({ ...disposable(), onDidChangeVisibility: disposable }),
      registerTreeDataProvider: disposable,
      createOutputChannel: () => ({ ...disposable(), info() {}, warn() {}, error() {}, appendLine() {} }),
    }),
    languages: namespace('languages', { registerCodeLensProvider: disposable }),
    commands: namespace('commands', { registerCommand: disposable, executeCommand: async () => undefined }),
    env: namespace('env', {}),
    ViewColumn: { Beside: -2, Active: -1, One: 1 },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    QuickPickItemKind: { Separator: -1, Default: 0 },
  };
  return {
    api: new Proxy(api, {
      get(target, prop) {
        if (typeof prop !== 'string') return undefined;
        if (!(prop in target) && !prop.startsWith('__') && prop !== 'default') calls.push(`vscode.${prop} (not modelled)`);
        return target[prop];
      },
    }),
    calls,
  };
}
