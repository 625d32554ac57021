import * as vscode from 'vscode';
import { HINT_LANGUAGES } from '../core/note';
import type { HintMatch } from '../core/hintRules';
import { Command } from './commands';
import type { Configuration } from './configuration';
import { Disposable } from './disposable';
import { log } from './log';
import type { NoteStore } from './noteStore';

/** Schemes we put hints on: real files and unsaved editors, not diffs, output or git views. */
const SCHEMES = ['file', 'untitled', 'vscode-remote'];

/**
 * CodeLens hints: a lens over code that matches a note's hint rule, opening the note at the
 * section that explains it. Scans once per document version (cached), honours cancellation,
 * skips files over the size limit, and never shows more than the per-file maximum.
 */
export class HintLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly cache = new Map<string, { version: number; key: string; matches: HintMatch[] }>();

  constructor(
    private readonly store: NoteStore,
    private readonly config: Configuration,
  ) {
    super();
    this.register(config.onDidChange(() => this.changed.fire()));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.cache.delete(d.uri.toString())));
  }

  provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): vscode.CodeLens[] {
    const settings = this.config.current;
    if (!this.config.hintsEnabledFor(document.languageId) || settings.maxHintsPerFile === 0) return [];
    const matches = this.matches(document, token);
    if (!matches || token.isCancellationRequested) return [];
    return matches.map((m) => {
      const line = document.lineAt(m.line);
      const range = new vscode.Range(m.line, line.firstNonWhitespaceCharacterIndex, m.line, line.range.end.character);
      return new vscode.CodeLens(range, {
        title: `$(book) ${m.label}`,
        tooltip: `Engineering Notes: open "${this.store.note(m.noteId)?.title ?? m.noteId}" at the section that explains this code`,
        command: Command.OpenNote,
        arguments: [m.noteId, m.section],
      });
    });
  }

  private matches(document: vscode.TextDocument, token: vscode.CancellationToken): HintMatch[] | undefined {
    const settings = this.config.current;
    const uri = document.uri.toString();
    // The cache key includes the settings that change the result, so a settings change rescans.
    const key = `${document.languageId}|${settings.maxHintsPerFile}|${settings.maxFileSizeKB}`;
    const cached = this.cache.get(uri);
    if (cached && cached.version === document.version && cached.key === key) return cached.matches;

    const text = document.getText();
    if (text.length > settings.maxFileSizeKB * 1024) {
      this.cache.set(uri, { version: document.version, key, matches: [] });
      return [];
    }
    if (token.isCancellationRequested) return undefined;
    const result = this.store.hintScanner().scan(text, document.languageId, { maxPerFile: settings.maxHintsPerFile });
    if (result.truncated) log().warn(`Hint scan of ${document.uri.fsPath} stopped at its time budget; some hints may be missing.`);
    this.cache.set(uri, { version: document.version, key, matches: result.matches });
    return result.matches;
  }
}

/** The document selector: every language a hint rule can name, on the schemes above. */
export function hintSelector(): vscode.DocumentFilter[] {
  return HINT_LANGUAGES.flatMap((language) => SCHEMES.map((scheme) => ({ language, scheme })));
}
