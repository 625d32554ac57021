import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { EXTERNAL_SCHEMES } from '../core/markdownSchemes';
import { articleAffordances, type ArticleAffordances } from '../core/readerGuard';
import { readerPage } from '../core/readerHtml';
import { parseReaderState, parseWebviewMessage, type FromWebview, type HistoryEntry, type ReaderState, type ToWebview } from '../shared/messages';
import { READER_VIEW_TYPE } from './commands';
import { Disposable } from './disposable';
import { log } from './log';
import type { NoteStore } from './noteStore';

/** What the page script reads from `data-state` on load. */
export interface InitialReaderState {
  /** The note this page's HTML holds. */
  current: HistoryEntry;
  /** A restored window's history (the page's own saved state wins when it has one). */
  history?: ReaderState;
  /**
   * Set when the page is rendered to open `current` (not merely to restore it): a fresh random id,
   * so the page pushes `current` onto its saved history once and a later reload does not again.
   */
  navigation?: string;
}

/**
 * The reader: one webview panel, reused for every note. Renders prebuilt article HTML into a page
 * with a strict CSP, keeps track of what it shows, and acts only on validated messages.
 */
export class Reader extends Disposable implements vscode.WebviewPanelSerializer {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private shown: HistoryEntry | undefined;
  /** What the article on screen lets the page ask for (see src/core/readerGuard.ts). */
  private allowed: ArticleAffordances = articleAffordances('');
  /** Notes this panel has shown: the only ones its back and forward buttons may ask for. */
  private readonly visited = new Set<string>();
  /**
   * True from the page's `ready` until the panel is hidden or re-rendered. A hidden reader
   * (retainContextWhenHidden is off to save memory) has no page: messages to it are lost, and when
   * it is shown again its page reloads from its HTML and saved state. So a note opened while the
   * page is not ready is not posted but rendered into the HTML, marked as a navigation.
   */
  private pageReady = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: NoteStore,
  ) {
    super();
    this.register(vscode.window.registerWebviewPanelSerializer(READER_VIEW_TYPE, this));
    this.register({ dispose: () => this.panel?.dispose() });
  }

  /** The note and section on screen, if the reader is open. */
  current(): HistoryEntry | undefined {
    return this.panel ? this.shown : undefined;
  }

  /** Opens (or reuses) the reader at a note and section. Unknown notes are reported, not shown. */
  show(noteId: string, section = ''): boolean {
    const note = this.store.note(noteId);
    if (!note) {
      void vscode.window.showWarningMessage(`Engineering Notes: there is no note "${noteId}".`);
      return false;
    }
    if (section && !note.sections.some((s) => s.anchor === section)) section = '';
    if (this.panel) {
      this.panel.reveal(undefined, false);
      this.post(noteId, section, 'open');
    } else {
      this.attach(
        vscode.window.createWebviewPanel(READER_VIEW_TYPE, note.title, vscode.ViewColumn.Beside, this.options()),
        { current: { noteId, section } },
      );
    }
    return true;
  }

  /** Shows the current note again, in place, when it is one of `changedIds` (its file was edited). */
  refresh(changedIds: ReadonlySet<string>): void {
    const shown = this.shown;
    if (!this.panel || !shown || !changedIds.has(shown.noteId)) return;
    if (!this.store.note(shown.noteId)) return; // Deleted: the page keeps what it shows until the user moves on.
    this.post(shown.noteId, shown.section, 'refresh');
  }

  /** Restores the reader after a window reload, from the state its page saved. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const history = parseReaderState(state);
    const entry = history?.history[history.index];
    const current = entry && this.store.note(entry.noteId) ? entry : { noteId: this.store.notes[0]?.id ?? '', section: '' };
    if (!current.noteId) {
      panel.dispose();
      return;
    }
    panel.webview.options = this.options();
    this.attach(panel, { current, history });
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableForms: false,
      enableCommandUris: false,
      retainContextWhenHidden: false,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media'), vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview')],
    };
  }

  private attach(panel: vscode.WebviewPanel, initial: InitialReaderState): void {
    this.panel?.dispose();
    this.panel = panel;
    panel.iconPath = {
      light: vscode.Uri.joinPath(this.extensionUri, 'media', 'reader-light.svg'),
      dark: vscode.Uri.joinPath(this.extensionUri, 'media', 'reader-dark.svg'),
    };
    this.panelDisposables = [
      panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)),
      panel.onDidChangeViewState(() => {
        if (this.panel === panel && !panel.visible) this.pageReady = false;
      }),
      panel.onDidDispose(() => {
        if (this.panel !== panel) return;
        this.panel = undefined;
        this.shown = undefined;
        this.pageReady = false;
        for (const d of this.panelDisposables.splice(0)) d.dispose();
      }),
    ];
    this.render(panel, initial);
  }

  /** Gives the panel a fresh page that holds `initial.current`; the page says `ready` when it runs. */
  private render(panel: vscode.WebviewPanel, initial: InitialReaderState): void {
    const { noteId, section } = initial.current;
    const note = this.store.note(noteId);
    panel.title = note?.title ?? 'Engineering Notes';
    this.shown = { noteId, section };
    this.pageReady = false;
    const webview = panel.webview;
    const articleHtml = this.store.article(noteId) ?? '<p>This note could not be loaded.</p>';
    this.allowed = articleAffordances(articleHtml);
    this.visited.add(noteId);
    for (const e of initial.history?.history ?? []) this.visited.add(e.noteId);
    webview.html = readerPage({
      nonce: randomBytes(18).toString('base64'),
      cspSource: webview.cspSource,
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'reader.css')).toString(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'reader.js')).toString(),
      articleHtml,
      noteId,
      title: note?.title ?? '',
      state: initial,
    });
  }

  private post(noteId: string, section: string, via: ToWebview['via']): void {
    const note = this.store.note(noteId);
    const html = note && this.store.article(noteId);
    if (!this.panel || !note || html === undefined) return;
    this.panel.title = note.title;
    this.shown = { noteId, section };
    this.allowed = articleAffordances(html);
    this.visited.add(noteId);
    if (!this.pageReady || !this.panel.visible) {
      // No page to take a message (hidden, or still loading): the next page holds the note itself.
      this.render(this.panel, { current: { noteId, section }, navigation: via === 'history' ? undefined : randomBytes(12).toString('base64url') });
      return;
    }
    const message: ToWebview = { type: 'show', noteId, title: note.title, section, html, via };
    void this.panel.webview.postMessage(message);
  }

  private onMessage(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      log().warn(`Reader: ignored a malformed message: ${preview(raw)}`);
      return;
    }
    this.handle(message);
  }

  private handle(message: FromWebview): void {
    switch (message.type) {
      case 'ready':
        this.pageReady = true;
        return;
      case 'open': {
        const asked = `${message.noteId}#${message.section}`;
        const fromPage = message.via === 'link' ? this.allowed.noteLinks.has(asked) : this.visited.has(message.noteId);
        if (!fromPage) {
          log().warn(`Reader: refused to open "${asked}": the note on screen has no such ${message.via === 'link' ? 'link' : 'history entry'}`);
          return;
        }
        if (this.store.note(message.noteId)) this.post(message.noteId, message.section, message.via);
        else log().warn(`Reader: link to unknown note "${message.noteId}" ignored`);
        return;
      }
      case 'section':
        if (this.shown?.noteId === message.noteId) this.shown = { noteId: message.noteId, section: message.section };
        return;
      case 'openExternal': {
        if (!this.allowed.external.has(message.href)) {
          log().warn(`Reader: refused to open a link that is not in the note on screen`);
          return;
        }
        let uri: vscode.Uri;
        try {
          uri = vscode.Uri.parse(message.href, true);
        } catch {
          log().warn(`Reader: refused to open an unparseable link`);
          return;
        }
        // Schemes are case-insensitive (RFC 3986); the renderer already compares them that way.
        if (!(EXTERNAL_SCHEMES as readonly string[]).includes(`${uri.scheme.toLowerCase()}:`)) {
          log().warn(`Reader: refused to open a link with scheme "${uri.scheme}"`);
          return;
        }
        void vscode.env.openExternal(uri);
        return;
      }
      case 'copy':
        if (!this.allowed.code.has(message.text)) {
          log().warn('Reader: refused to copy text that is not a code block of the note on screen');
          return;
        }
        void vscode.env.clipboard.writeText(message.text).then(() => vscode.window.setStatusBarMessage('$(check) Code copied', 2000));
        return;
    }
  }
}

function preview(raw: unknown): string {
  try {
    return (JSON.stringify(raw) ?? String(raw)).slice(0, 200);
  } catch {
    return String(raw).slice(0, 200);
  }
}
