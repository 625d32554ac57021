import * as vscode from 'vscode';
import { HINT_LANGUAGES } from '../core/note';
import { looksMinified, type HintMatch } from '../core/hintRules';
import { Command } from './commands';
import type { Configuration } from './configuration';
import { Disposable } from './disposable';
import { log } from './log';
import type { NoteStore } from './noteStore';

/** Time budget of a first scan, doubled on each retry up to the ceiling. */
const BUDGET_MS = 50;
const MAX_BUDGET_MS = 400;

/** Schemes we put hints on: real files and unsaved editors, not diffs, output or git views. */
const SCHEMES = ['file', 'untitled', 'vscode-remote'];

/** The line being typed on in a document, and the lenses it had when typing began there. */
interface TypingLine {
  version: number;
  line: number;
  held: HintMatch[];
}

/**
 * CodeLens hints: a lens over code that matches a note's hint rule, opening the note at the
 * section that explains it. Never makes the editor wait:
 * - one scan per document version (and settings), cached; files over the size limit cost nothing;
 * - the scan is the fast one (see HintScanner.matchAll), a few ms for 10,000 lines, with a time
 *   budget as a backstop, and is skipped when the request is already cancelled;
 * - lenses stay put while you type: on the line being typed, the lenses it had when typing
 *   began there are kept (none added, none removed) until the cursor or an edit leaves the line,
 *   so half-typed code does not make the lines below jump. Lines are not shifted by such edits.
 * Commands are built with the lenses rather than in `resolveCodeLens`: there are at most
 * `maxPerFile` of them and each is a constant object, so resolving later would save nothing.
 */
export class HintLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly retries = new Map<string, number>();
  private readonly cache = new Map<string, { version: number; key: string; matches: HintMatch[] }>();
  private readonly typing = new Map<string, TypingLine>();

  /** The rules changed (a workspace note, a setting, trust): every document is scanned again. */
  refresh(): void {
    this.cache.clear();
    this.changed.fire();
  }

  constructor(
    private readonly store: NoteStore,
    private readonly config: Configuration,
  ) {
    super();
    this.register(config.onDidChange(() => this.refresh()));
    this.register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.cache.delete(d.uri.toString());
        this.typing.delete(d.uri.toString());
      }),
    );
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.noteEdit(e)));
    this.register(
      vscode.window.onDidChangeTextEditorSelection((e) => {
        const typing = this.typing.get(e.textEditor.document.uri.toString());
        if (typing && e.selections.every((s) => s.active.line !== typing.line)) {
          // The cursor left the line: show what the code there really matches now.
          this.typing.delete(e.textEditor.document.uri.toString());
          this.changed.fire();
        }
      }),
    );
  }

  provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): vscode.CodeLens[] {
    const settings = this.config.current;
    if (!this.config.hintsEnabledFor(document.languageId) || settings.maxHintsPerFile === 0) return [];
    const matches = this.matches(document, token);
    if (!matches || token.isCancellationRequested) return [];
    return this.steady(document, matches).map((m) => {
      const line = document.lineAt(m.line);
      const range = new vscode.Range(m.line, line.firstNonWhitespaceCharacterIndex, m.line, line.range.end.character);
      return new vscode.CodeLens(range, {
        // Plain text: codicons in lens titles rendered as empty boxes in the web workbench we test on.
        title: m.label,
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
    // Minified or generated bundles are not code anyone is writing; hints there are noise.
    if (looksMinified(text)) {
      this.cache.set(uri, { version: document.version, key, matches: [] });
      return [];
    }
    if (token.isCancellationRequested) return undefined;
    // A first scan pays for compiling every rule, and a busy machine can stretch it past its budget.
    // A cut-short result is shown but not kept: the lenses are asked for again with a larger budget,
    // up to a ceiling, so hints never silently stay missing and a pathological file still cannot
    // hold the extension host for long.
    const attempt = this.retries.get(uri) ?? 0;
    const budgetMs = BUDGET_MS * 2 ** attempt;
    const result = this.store.hintScanner().scan(text, document.languageId, { maxPerFile: settings.maxHintsPerFile, budgetMs });
    if (result.truncated && budgetMs < MAX_BUDGET_MS) {
      this.retries.set(uri, attempt + 1);
      setTimeout(() => {
        if (!this.isDisposed) this.changed.fire();
      }, 100);
      return result.matches;
    }
    this.retries.delete(uri);
    if (result.truncated) log().warn(`Hint scan of ${document.uri.fsPath} stopped at its ${budgetMs} ms budget; some hints may be missing.`);
    this.cache.set(uri, { version: document.version, key, matches: result.matches });
    return result.matches;
  }

  /** The matches to show: the scan's, except on the line being typed, which keeps its lenses. */
  private steady(document: vscode.TextDocument, matches: HintMatch[]): HintMatch[] {
    const typing = this.typing.get(document.uri.toString());
    if (!typing || typing.version !== document.version) return matches;
    const kept = matches.filter((m) => m.line !== typing.line);
    return [...kept, ...typing.held].sort((a, b) => a.line - b.line || a.start - b.start).slice(0, this.config.current.maxHintsPerFile);
  }

  /**
   * Tracks typing: an edit within one line (nothing inserted or removed across lines) keeps that
   * line's lenses as they were before the first such edit; any other edit ends that.
   */
  private noteEdit(e: vscode.TextDocumentChangeEvent): void {
    const uri = e.document.uri.toString();
    const previous = this.typing.get(uri);
    const sameLine =
      e.contentChanges.length > 0 &&
      e.contentChanges.every((c) => c.range.isSingleLine && !c.text.includes('\n') && c.range.start.line === e.contentChanges[0].range.start.line);
    if (!sameLine) {
      if (previous) this.typing.delete(uri);
      return;
    }
    const line = e.contentChanges[0].range.start.line;
    if (previous && previous.line === line && previous.version === e.document.version - 1) {
      this.typing.set(uri, { ...previous, version: e.document.version });
      return;
    }
    // Typing starts on this line: hold what the last shown scan had there.
    const cached = this.cache.get(uri);
    if (!cached || cached.version !== e.document.version - 1) {
      this.typing.delete(uri);
      return;
    }
    this.typing.set(uri, { version: e.document.version, line, held: cached.matches.filter((m) => m.line === line) });
  }
}

/** The document selector: every language a hint rule can name, on the schemes above. */
export function hintSelector(): vscode.DocumentFilter[] {
  return HINT_LANGUAGES.flatMap((language) => SCHEMES.map((scheme) => ({ language, scheme })));
}

