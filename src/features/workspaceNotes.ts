import * as vscode from 'vscode';
import type { Note, Problem } from '../core/note';
import { safeRelativeFolder, type BundledNotes } from '../core/noteLibrary';
import type * as Parser from '../core/workspaceNotesParser';
import { CONFIG_SECTION } from './commands';
import { Disposable } from './disposable';
import { log } from './log';

/** The folder every workspace folder may hold its notes in; `engineeringNotes.notes.folders` adds more. */
export const NOTES_FOLDER = '.engineering-notes';
/** Change events within this long are handled together: a save, a rename or a checkout is one update. */
const DEBOUNCE_MS = 150;
/** How deep note folders are walked, and how many files are read at most, so no workspace can stall us. */
const MAX_DEPTH = 4;
const MAX_FILES = 20_000;

type ParserModule = typeof Parser;
type ParsedFile = ReturnType<ParserModule['parseNoteFile']>;

interface Entry {
  uri: vscode.Uri;
  /** How problems and the tree name it: the workspace-relative path. */
  file: string;
  parsed: ParsedFile;
}

/**
 * The notes a workspace brings: found in `.engineering-notes/` (and the folders a setting adds) of
 * every workspace folder, read through `workspace.fs` (so virtual file systems work too), parsed by
 * the lazily loaded note parser, checked against the bundled notes, watched, and reported in the
 * Problems panel at their lines. One broken note never hides the others.
 */
export class WorkspaceNotes extends Disposable {
  private parser: ParserModule | undefined;
  private readonly entries = new Map<string, Entry>();
  private checked: { notes: Note[]; problems: Problem[] } = { notes: [], problems: [] };
  private readonly articles = new Map<string, string>();
  private readonly diagnostics = this.register(vscode.languages.createDiagnosticCollection('engineering-notes'));
  private readonly changed = this.register(new vscode.EventEmitter<ReadonlySet<string>>());
  /** Fires after the notes changed, with the ids of the notes that were added, changed or removed. */
  readonly onDidChange = this.changed.event;
  private watchers: vscode.Disposable[] = [];
  private pendingUris = new Map<string, vscode.Uri>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private typing = new Map<string, ReturnType<typeof setTimeout>>();
  private started = false;
  private loading: Promise<void> = Promise.resolve();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly bundled: () => BundledNotes,
  ) {
    super();
    this.register({ dispose: () => this.stopWatching() });
    this.register({ dispose: () => this.timer && clearTimeout(this.timer) });
    this.register({ dispose: () => this.typing.forEach((t) => clearTimeout(t)) });
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reload()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${CONFIG_SECTION}.notes.folders`)) void this.reload();
      }),
    );
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.onTyping(e.document)));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.onClosed(d)));
  }

  /** The notes that parsed, checked across files and against the bundled notes. */
  get notes(): readonly Note[] {
    return this.checked.notes;
  }

  get problems(): readonly Problem[] {
    return this.checked.problems;
  }

  /** Finds and reads the notes the first time; later calls wait for the same load. */
  start(): Promise<void> {
    if (!this.started) {
      this.started = true;
      this.loading = this.reload();
    }
    return this.loading;
  }

  /** The rendered article of a workspace note (its Markdown rendered as the bundled ones were at build time). */
  article(id: string, notesById: ReadonlyMap<string, import('../core/note').NoteMeta>): string | undefined {
    const cached = this.articles.get(id);
    if (cached !== undefined) return cached;
    const note = this.checked.notes.find((n) => n.id === id);
    if (!note || !this.parser) return undefined;
    const html = this.parser.renderArticle(note, notesById);
    this.articles.set(id, html);
    return html;
  }

  /** The folders to read notes from: `.engineering-notes` and the setting's, inside each workspace folder. */
  private noteFolders(): { folder: vscode.WorkspaceFolder; relative: string; uri: vscode.Uri }[] {
    const out: { folder: vscode.WorkspaceFolder; relative: string; uri: vscode.Uri }[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const configured = vscode.workspace.getConfiguration(CONFIG_SECTION, folder.uri).get<unknown[]>('notes.folders') ?? [];
      const names = new Set([NOTES_FOLDER]);
      for (const value of Array.isArray(configured) ? configured : []) {
        const safe = safeRelativeFolder(value);
        if (safe) names.add(safe);
        else log().warn(`Setting engineeringNotes.notes.folders: "${String(value)}" is not a folder inside ${folder.name}; ignored`);
      }
      for (const relative of names) out.push({ folder, relative, uri: vscode.Uri.joinPath(folder.uri, ...relative.split('/')) });
    }
    return out;
  }

  private stopWatching(): void {
    for (const w of this.watchers.splice(0)) w.dispose();
  }

  /** Reads every note folder from scratch (on start, and when folders or the setting change). */
  private async reload(): Promise<void> {
    this.stopWatching();
    const folders = this.noteFolders();
    for (const f of folders) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(f.folder, `${f.relative}/**/*.md`));
      watcher.onDidCreate((uri) => this.queue(uri));
      watcher.onDidChange((uri) => this.queue(uri));
      watcher.onDidDelete((uri) => this.queue(uri));
      this.watchers.push(watcher);
    }
    const found: vscode.Uri[] = [];
    for (const f of folders) await this.walk(f.uri, 0, found);
    const before = new Set(this.checked.notes.map((n) => n.id));
    this.entries.clear();
    for (const uri of found) await this.read(uri);
    this.recheck(before);
  }

  private async walk(dir: vscode.Uri, depth: number, found: vscode.Uri[]): Promise<void> {
    if (depth > MAX_DEPTH || found.length >= MAX_FILES) return;
    let children: [string, vscode.FileType][];
    try {
      children = await vscode.workspace.fs.readDirectory(dir);
    } catch {
      return; // No such folder: this workspace has no notes there.
    }
    for (const [name, type] of children.sort(([a], [b]) => a.localeCompare(b))) {
      if (found.length >= MAX_FILES) {
        log().warn(`Workspace notes: more than ${MAX_FILES} files under the note folders; the rest are not read`);
        return;
      }
      const child = vscode.Uri.joinPath(dir, name);
      if (type & vscode.FileType.SymbolicLink) continue; // A link could lead anywhere on the machine.
      if (type === vscode.FileType.Directory) await this.walk(child, depth + 1, found);
      else if (type === vscode.FileType.File && name.toLowerCase().endsWith('.md') && name.toLowerCase() !== 'readme.md') found.push(child);
    }
  }

  private loadParser(): ParserModule {
    // A separate bundle, required on first use: see src/core/workspaceNotesParser.ts.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (this.parser ??= require(vscode.Uri.joinPath(this.extensionUri, 'dist', 'workspaceNotes.js').fsPath) as ParserModule);
  }

  /** Reads and parses one file into `entries` (or drops it when it is gone). */
  private async read(uri: vscode.Uri, text?: string): Promise<void> {
    const key = uri.toString();
    let bytes: Uint8Array;
    try {
      bytes = text !== undefined ? new TextEncoder().encode(text) : await vscode.workspace.fs.readFile(uri);
    } catch {
      this.entries.delete(key);
      return;
    }
    const file = vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
    let parsed: ParsedFile;
    try {
      parsed = this.loadParser().parseNoteFile({ file, bytes });
    } catch (e) {
      parsed = { ok: false, problems: [{ file, line: 0, message: `could not be read as a note: ${(e as Error).message}` }] };
    }
    this.entries.set(key, { uri, file, parsed });
  }

  private queue(uri: vscode.Uri): void {
    this.pendingUris.set(uri.toString(), uri);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, DEBOUNCE_MS);
  }

  private async flush(): Promise<void> {
    const uris = [...this.pendingUris.values()];
    this.pendingUris.clear();
    const before = new Set(this.checked.notes.map((n) => n.id));
    const changedIds = new Set<string>();
    for (const uri of uris) {
      const old = this.entries.get(uri.toString());
      if (old?.parsed.ok) changedIds.add(old.parsed.note.id);
      await this.read(uri);
      const now = this.entries.get(uri.toString());
      if (now?.parsed.ok) changedIds.add(now.parsed.note.id);
    }
    this.recheck(before, changedIds);
  }

  /** Checks across files, publishes the problems, and says which notes changed. */
  private recheck(before: ReadonlySet<string>, changed = new Set<string>()): void {
    const parsedNotes: Note[] = [];
    const parseProblems: Problem[] = [];
    for (const e of this.entries.values()) {
      if (e.parsed.ok) parsedNotes.push(e.parsed.note);
      else parseProblems.push(...e.parsed.problems);
    }
    const parser = this.parser;
    this.checked = parser
      ? parser.checkNoteSet({ notes: parsedNotes, problems: parseProblems }, { external: parser.bundledAsExternal(this.bundled()) })
      : { notes: [], problems: [] };
    const now = new Set(this.checked.notes.map((n) => n.id));
    for (const id of before) if (!now.has(id)) changed.add(id);
    for (const id of now) if (!before.has(id)) changed.add(id);
    // Articles link to titles of other notes, so any change may change any article.
    this.articles.clear();
    this.publish(this.checked.problems);
    this.changed.fire(changed);
  }

  private publish(problems: readonly Problem[]): void {
    const byFile = new Map<string, Problem[]>();
    for (const p of problems) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
    this.diagnostics.clear();
    for (const e of this.entries.values()) {
      const list = byFile.get(e.file);
      if (list) this.diagnostics.set(e.uri, list.map(toDiagnostic));
    }
  }

  /** As the author types, the Problems panel follows the unsaved text; the notes follow on save. */
  private onTyping(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    if (!this.entries.has(key) && !this.isInNoteFolder(doc.uri)) return;
    const pending = this.typing.get(key);
    if (pending) clearTimeout(pending);
    this.typing.set(
      key,
      setTimeout(() => {
        this.typing.delete(key);
        void this.diagnoseUnsaved(doc);
      }, 300),
    );
  }

  private onClosed(doc: vscode.TextDocument): void {
    // Unsaved edits were thrown away: the saved file is what counts again.
    if (this.entries.has(doc.uri.toString())) this.queue(doc.uri);
  }

  private isInNoteFolder(uri: vscode.Uri): boolean {
    if (!uri.path.toLowerCase().endsWith('.md')) return false;
    return this.noteFolders().some((f) => uri.toString().startsWith(f.uri.toString() + '/'));
  }

  private async diagnoseUnsaved(doc: vscode.TextDocument): Promise<void> {
    if (doc.isClosed) return;
    const key = doc.uri.toString();
    const saved = this.entries.get(key);
    await this.read(doc.uri, doc.getText());
    const draft = this.entries.get(key);
    // Check the whole set with the draft in place, publish, then put the saved version back.
    const parser = this.parser;
    if (!parser || !draft) return;
    const notes: Note[] = [];
    const problems: Problem[] = [];
    for (const e of this.entries.values()) {
      if (e.parsed.ok) notes.push(e.parsed.note);
      else problems.push(...e.parsed.problems);
    }
    const set = parser.checkNoteSet({ notes, problems }, { external: parser.bundledAsExternal(this.bundled()) });
    if (saved) this.entries.set(key, saved);
    else this.entries.delete(key);
    this.diagnostics.set(doc.uri, set.problems.filter((p) => p.file === draft.file).map(toDiagnostic));
  }
}

function toDiagnostic(p: Problem): vscode.Diagnostic {
  const line = Math.max(0, p.line - 1);
  const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), p.message, vscode.DiagnosticSeverity.Error);
  d.source = 'Engineering Notes';
  return d;
}
