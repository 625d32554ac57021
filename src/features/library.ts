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
      config.onDidChange(() => this.apply(new Set())),
    );
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.apply(new Set())));
    void workspace.start();
  }

  /** The options last applied: nothing is redrawn when neither they nor any note changed. */
  private lastOptions = '';

  private apply(changedIds: ReadonlySet<string>): void {
    const s = this.config.current;
    const options = { includeBundled: s.bundledNotes, disabledRules: s.disabledRules, runWorkspaceRules: vscode.workspace.isTrusted };
    const key = JSON.stringify([options.includeBundled, [...options.disabledRules].sort(), options.runWorkspaceRules]);
    // A workspace without notes reports "nothing changed" once it has looked: the tree keeps what it shows.
    if (changedIds.size === 0 && key === this.lastOptions) return;
    this.lastOptions = key;
    this.store.update(this.workspace, options);
    this.tree.provider.refresh();
    this.reader.refresh(changedIds);
    this.lenses.rulesMayHaveChanged();
  }
}
