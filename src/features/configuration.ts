import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { CONFIG_SECTION } from './commands';
import type { ShowSetting } from '../core/hints/rule';

/** One read-only snapshot of the settings; replaced (never mutated) when a setting we use changes. */
export interface Settings {
  readonly hintsEnabled: boolean;
  /** Language id -> enabled; a language not listed is enabled. */
  readonly hintLanguages: Readonly<Record<string, boolean>>;
  readonly maxHintsPerFile: number;
  readonly maxFileSizeKB: number;
  /** `all` (concept and risk hints) or `risks`. */
  readonly hintsShow: ShowSetting;
}

function read(): Settings {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const languages = c.get<Record<string, unknown>>('hints.languages') ?? {};
  return Object.freeze({
    hintsEnabled: c.get<boolean>('hints.enabled', true),
    hintLanguages: Object.freeze(
      Object.fromEntries(Object.entries(languages).filter(([, v]) => typeof v === 'boolean')) as Record<string, boolean>,
    ),
    maxHintsPerFile: clamp(c.get<number>('hints.maxPerFile', 10), 0, 100),
    maxFileSizeKB: clamp(c.get<number>('hints.maxFileSizeKB', 1024), 1, 100_000),
    // A workspace may set anything here: only the two known values count, else the default.
    hintsShow: c.get<unknown>('hints.show') === 'risks' ? 'risks' : 'all',
  });
}

function clamp(n: number, lo: number, hi: number): number {
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, Math.floor(n))) : lo;
}

export class Configuration extends Disposable {
  private snapshot = read();
  private readonly changed = this.register(new vscode.EventEmitter<Settings>());
  /** Fires with the new snapshot after one of our settings changed. */
  readonly onDidChange = this.changed.event;

  constructor() {
    super();
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(CONFIG_SECTION)) return;
        this.snapshot = read();
        this.changed.fire(this.snapshot);
      }),
    );
  }

  get current(): Settings {
    return this.snapshot;
  }

  hintsEnabledFor(languageId: string): boolean {
    return this.snapshot.hintsEnabled && this.snapshot.hintLanguages[languageId] !== false;
  }
}
