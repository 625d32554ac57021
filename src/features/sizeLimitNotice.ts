import * as vscode from 'vscode';
import { CONFIG_SECTION } from './commands';
import type { Configuration } from './configuration';
import { Disposable } from './disposable';
import { hintSelector } from './hintLenses';
import { log } from './log';

/**
 * Says why a file gets no hints when it is over `hints.maxFileSizeKB`, instead of leaving the
 * user to wonder: a status-bar item while such an editor is active, and one line in the
 * "Engineering Notes" output the first time each file is seen over the limit.
 */
export class SizeLimitNotice extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('engineeringNotes.sizeLimit', vscode.StatusBarAlignment.Right, 90));
  private readonly logged = new Set<string>();

  constructor(private readonly config: Configuration) {
    super();
    this.item.name = 'Engineering Notes: hints skipped';
    this.item.command = { command: 'workbench.action.openSettings', title: 'Change the limit', arguments: [`${CONFIG_SECTION}.hints.maxFileSizeKB`] };
    this.register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this.register(config.onDidChange(() => this.update()));
    // A file can grow past the limit (or shrink under it) while it is edited.
    this.register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.update();
      }),
    );
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.logged.delete(d.uri.toString())));
    this.update();
  }

  /** The status-bar text while it is shown (for the tests), else undefined. */
  get text(): string | undefined {
    return this.shown ? this.item.text : undefined;
  }

  private shown = false;

  private update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const limitKB = this.config.current.maxFileSizeKB;
    if (!document || !this.wouldHint(document) || length(document) <= limitKB * 1024) {
      this.item.hide();
      this.shown = false;
      return;
    }
    const name = vscode.workspace.asRelativePath(document.uri);
    this.item.text = `$(info) No hints: over ${limitKB} KB`;
    this.item.tooltip = `Engineering Notes shows no hints in ${name}: it is larger than the ${limitKB} KB limit (engineeringNotes.hints.maxFileSizeKB). Click to change the limit.`;
    this.item.show();
    this.shown = true;
    const key = document.uri.toString();
    if (!this.logged.has(key)) {
      this.logged.add(key);
      log().info(`No hints in ${name}: ${Math.ceil(length(document) / 1024)} KB is over the ${limitKB} KB limit (setting engineeringNotes.hints.maxFileSizeKB).`);
    }
  }

  /** True when this document would get hints if it were small enough. */
  private wouldHint(document: vscode.TextDocument): boolean {
    return (
      vscode.languages.match(hintSelector(), document) > 0 &&
      this.config.hintsEnabledFor(document.languageId) &&
      this.config.current.maxHintsPerFile > 0
    );
  }
}

/** The document's length in characters (what the hint scan compares), without copying its text. */
function length(document: vscode.TextDocument): number {
  return document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
}
