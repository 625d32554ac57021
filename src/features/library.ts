import * as vscode from 'vscode';
import type { Configuration } from './configuration';
import { Disposable } from './disposable';
import type { HintLensProvider } from './hintLenses';
import type { NoteStore } from './noteStore';
import type { NotesTree } from './notesTree';
import type { Reader } from './readerPanel';
import type { WorkspaceNotes } from './workspaceNotes';

/**
 * Keeps the store's library in step with the workspace's notes, the settings that shape it and the
 * workspace's trust, and tells the views: the tree redraws, an open reader re-renders the note it
 * shows in place, and the hints are scanned again when rules may have changed.
 */
export class LibrarySync extends Disposable {
  /** The options last applied, to tell whether a settings change touched the rules. */
  private key = '';

  constructor(
    private readonly store: NoteStore,
    private readonly workspace: WorkspaceNotes,
    private readonly config: Configuration,
    private readonly tree: NotesTree,
    private readonly reader: Reader,
    private readonly lenses: HintLensProvider,
  ) {
    super();
    this.apply(new Set());
    this.register(workspace.onDidChange((ids) => this.apply(ids)));
    this.register(
      config.onDidChange(() => {
        const before = this.key;
        this.apply(new Set());
        if (before !== this.key) this.lenses.refresh();
      }),
    );
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.apply(new Set())));
    void workspace.start();
  }

  private apply(changedIds: ReadonlySet<string>): void {
    const s = this.config.current;
    const options = { includeBundled: s.bundledNotes, disabledRules: s.disabledRules, runWorkspaceRules: vscode.workspace.isTrusted };
    this.key = JSON.stringify([options.includeBundled, [...options.disabledRules].sort(), options.runWorkspaceRules]);
    this.store.update(this.workspace, options);
    this.tree.provider.refresh();
    this.reader.refresh(changedIds);
    if (changedIds.size > 0) this.lenses.refresh();
  }
}
