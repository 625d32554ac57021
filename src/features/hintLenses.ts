import * as vscode from 'vscode';
import type { HintCancellation, HintWorkerClient, ScanOutcome } from '../core/hints/client';
import { HINT_LANGUAGE_IDS } from '../core/hints/languages';
import { scanDeadlineMs, skipReason } from '../core/hints/limits';
import { presentHints } from '../core/hints/present';
import type { TextChange } from '../core/hints/protocol';
import type { Hint } from '../core/hints/rule';
import { Command } from './commands';
import type { Configuration } from './configuration';
import { Disposable } from './disposable';
import { log } from './log';
import type { NoteStore } from './noteStore';

/** Schemes we put hints on: real files and unsaved editors, not diffs, output or git views. */
const SCHEMES = ['file', 'untitled', 'vscode-remote'];

/** The line being typed on in a document, and the lenses it had when typing began there. */
interface TypingLine {
  version: number;
  line: number;
  held: Hint[];
}

/**
 * CodeLens hints: a lens over code that a note's hint rule matches, opening the note at the
 * section that explains it. The editor never waits on a scan:
 * - parsing and querying run in the hint worker (src/core/hints/worker.ts), which keeps a syntax
 *   tree per document and gets each edit, so a rescan after typing re-queries only what changed;
 * - a scan has a deadline; past it the worker is ended and restarted and the document gets no
 *   lenses for that version (logged), so a pathological file cannot hold anything;
 * - one scan per document version, cached as raw matches; grouping and caps (presentHints, the
 *   same code as the command line) are applied here, so a settings change does not rescan;
 * - lenses stay put while you type: on the line being typed, the lenses it had when typing began
 *   there are kept (none added, none removed) until the cursor or an edit leaves the line.
 */
export class HintLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;
  private client: HintWorkerClient | undefined;
  /** Raw matches per document version. */
  private readonly cache = new Map<string, { version: number; maxFileSizeKB: number; hints: Hint[] }>();
  /** Lenses shown last per document (after grouping), for the typing line. */
  private readonly shown = new Map<string, { version: number; hints: Hint[] }>();
  private readonly typing = new Map<string, TypingLine>();
  private readonly warned = new Set<string>();

  /** Something that shapes the hints changed: every document is scanned again. */
  refresh(): void {
    this.cache.clear();
    this.changed.fire();
  }

  /**
   * The library changed (a workspace note, a setting, trust). When the rules the worker compiled
   * are no longer the store's, a new worker compiles the new ones; otherwise nothing restarts.
   */
  rulesMayHaveChanged(): void {
    if (!this.client) return; // No worker yet: the first scan starts one with the store's rules.
    if (JSON.stringify(this.store.hintRules()) === this.clientRules) return;
    this.client.dispose();
    this.client = undefined;
    this.refresh();
  }
  private clientRules = '';

  constructor(
    private readonly store: NoteStore,
    private readonly config: Configuration,
    private readonly makeClient: (store: NoteStore) => HintWorkerClient,
  ) {
    super();
    this.register(config.onDidChange(() => this.refresh()));
    this.register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        const uri = d.uri.toString();
        this.cache.delete(uri);
        this.shown.delete(uri);
        this.typing.delete(uri);
        this.client?.close(uri);
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
    this.register({ dispose: () => this.client?.dispose() });
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const settings = this.config.current;
    if (!this.config.hintsEnabledFor(document.languageId) || settings.maxHintsPerFile === 0) return [];
    const raw = await this.rawHints(document, token);
    if (!raw || token.isCancellationRequested) return [];
    const hints = this.steady(document, presentHints(raw, { show: settings.hintsShow, maxPerFile: settings.maxHintsPerFile }));
    this.shown.set(document.uri.toString(), { version: document.version, hints });
    return hints.map((h) => {
      const line = document.lineAt(Math.min(h.line, document.lineCount - 1));
      const range = new vscode.Range(line.lineNumber, line.firstNonWhitespaceCharacterIndex, line.lineNumber, line.range.end.character);
      return new vscode.CodeLens(range, {
        // Plain text: codicons in lens titles rendered as empty boxes in the web workbench we test on.
        title: h.label,
        tooltip: `Engineering Notes: open "${this.store.note(h.noteId)?.title ?? h.noteId}" at the section that explains this code`,
        command: Command.OpenNote,
        arguments: [h.noteId, h.section],
      });
    });
  }

  private async rawHints(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<Hint[] | undefined> {
    const uri = document.uri.toString();
    const { maxFileSizeKB } = this.config.current;
    const cached = this.cache.get(uri);
    if (cached && cached.version === document.version && cached.maxFileSizeKB === maxFileSizeKB) return cached.hints;
    const text = document.getText();
    // Very large files and minified or generated bundles cost nothing and show nothing.
    if (skipReason(text, maxFileSizeKB)) {
      this.cache.set(uri, { version: document.version, maxFileSizeKB, hints: [] });
      return [];
    }
    if (token.isCancellationRequested) return undefined;
    if (!this.client) {
      this.clientRules = JSON.stringify(this.store.hintRules());
      this.client = this.makeClient(this.store);
    }
    const version = document.version;
    const outcome: ScanOutcome = await this.client.scan({ uri, languageId: document.languageId, version, text: () => text }, scanDeadlineMs(text.length), token as HintCancellation);
    switch (outcome.status) {
      case 'ok':
        this.cache.set(uri, { version, maxFileSizeKB, hints: outcome.hints });
        return outcome.hints;
      case 'cancelled':
        return undefined;
      case 'stopped':
      case 'error': {
        // Not cached as empty: the next version (or a reopen) tries again.
        const why = outcome.status === 'stopped' ? `scan stopped: ${outcome.reason}` : `scan failed: ${outcome.message}`;
        const key = `${uri}@${version}`;
        if (!this.warned.has(key)) {
          this.warned.add(key);
          log().warn(`Hints for ${document.uri.fsPath || uri}: ${why}. No hints are shown for this version of the file.`);
        }
        return [];
      }
    }
  }

  /** The hints to show: the scan's, except on the line being typed, which keeps its lenses. */
  private steady(document: vscode.TextDocument, hints: Hint[]): Hint[] {
    const typing = this.typing.get(document.uri.toString());
    if (!typing || typing.version !== document.version) return hints;
    const kept = hints.filter((h) => h.line !== typing.line);
    return [...kept, ...typing.held].sort((a, b) => a.line - b.line || a.start - b.start).slice(0, this.config.current.maxHintsPerFile);
  }

  /**
   * Forwards the edit to the worker (which updates its tree) and tracks typing: an edit within one
   * line (nothing inserted or removed across lines) keeps that line's lenses as they were before
   * the first such edit; any other edit ends that.
   */
  private noteEdit(e: vscode.TextDocumentChangeEvent): void {
    const uri = e.document.uri.toString();
    if (e.contentChanges.length) {
      // Applied one after the other from the end of the document, each offset is still right.
      const changes: TextChange[] = [...e.contentChanges]
        .sort((a, b) => b.rangeOffset - a.rangeOffset)
        .map((c) => ({ offset: c.rangeOffset, length: c.rangeLength, text: c.text }));
      this.client?.edit(uri, e.document.version, changes);
    }
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
    // Typing starts on this line: hold what the last shown lenses had there.
    const shown = this.shown.get(uri);
    if (!shown || shown.version !== e.document.version - 1) {
      this.typing.delete(uri);
      return;
    }
    this.typing.set(uri, { version: e.document.version, line, held: shown.hints.filter((h) => h.line === line) });
  }
}

/** The document selector: every language hints cover, on the schemes above. */
export function hintSelector(): vscode.DocumentFilter[] {
  return HINT_LANGUAGE_IDS.flatMap((language) => SCHEMES.map((scheme) => ({ language, scheme })));
}
