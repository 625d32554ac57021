import * as vscode from 'vscode';
import type { LibraryNote } from '../core/noteLibrary';
import { Command, EMPTY_CONTEXT_KEY, VIEW_ID } from './commands';
import { Disposable } from './disposable';
import type { NoteStore } from './noteStore';

/** Tree elements are plain data; TreeItems are built on demand. */
export type TreeNode =
  | { kind: 'topic'; topic: string }
  | { kind: 'note'; note: LibraryNote }
  | { kind: 'section'; note: LibraryNote; anchor: string; heading: string };

/** Topics, then notes in order, then each note's sections. */
export class NotesTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly store: NoteStore) {}

  getChildren(element?: TreeNode): TreeNode[] {
    if (!element) {
      const topics = this.store.topics;
      void vscode.commands.executeCommand('setContext', EMPTY_CONTEXT_KEY, this.store.notes.length === 0);
      return topics.map((topic) => ({ kind: 'topic', topic }));
    }
    if (element.kind === 'topic') return this.store.notesInTopic(element.topic).map((note) => ({ kind: 'note', note }));
    if (element.kind === 'note') {
      // Only second-level headings: the tree is a map, not a copy of the table of contents.
      return element.note.sections
        .filter((s) => s.level === 2)
        .map((s) => ({ kind: 'section', note: element.note, anchor: s.anchor, heading: s.heading }));
    }
    return [];
  }

  getParent(element: TreeNode): TreeNode | undefined {
    if (element.kind === 'note') return { kind: 'topic', topic: element.note.topic };
    if (element.kind === 'section') return { kind: 'note', note: element.note };
    return undefined;
  }

  getTreeItem(element: TreeNode): vscode.TreeItem {
    switch (element.kind) {
      case 'topic': {
        const item = new vscode.TreeItem(element.topic, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `topic:${element.topic}`;
        item.contextValue = 'topic';
        item.description = `${this.store.notesInTopic(element.topic).length}`;
        return item;
      }
      case 'note': {
        const { note } = element;
        const hasSections = note.sections.some((s) => s.level === 2);
        const item = new vscode.TreeItem(
          note.title,
          hasSections ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.id = `note:${note.id}`;
        const fromWorkspace = note.origin === 'workspace';
        item.contextValue = fromWorkspace ? 'workspaceNote' : 'note';
        item.iconPath = new vscode.ThemeIcon(fromWorkspace ? 'repo' : 'book');
        if (fromWorkspace) item.description = note.replacesBundled ? 'workspace · replaces bundled' : 'workspace';
        const tip = new vscode.MarkdownString();
        tip.appendMarkdown(`**${escapeMd(note.title)}**\n\n${escapeMd(note.summary)}`);
        if (note.tags.length) tip.appendMarkdown(`\n\n_${escapeMd(note.tags.join(' · '))}_`);
        if (fromWorkspace) {
          tip.appendMarkdown(`\n\nFrom this workspace: \`${escapeMd(note.file ?? '')}\``);
          if (note.replacesBundled) tip.appendMarkdown(' (replaces the bundled note with the same id)');
        }
        item.tooltip = tip;
        item.command = { command: Command.OpenNote, title: 'Open Note', arguments: [note.id] };
        return item;
      }
      case 'section': {
        const item = new vscode.TreeItem(element.heading, vscode.TreeItemCollapsibleState.None);
        item.id = `section:${element.note.id}#${element.anchor}`;
        item.contextValue = 'section';
        item.iconPath = new vscode.ThemeIcon('symbol-string');
        item.tooltip = `${element.note.title} › ${element.heading}`;
        item.command = { command: Command.OpenNote, title: 'Open Section', arguments: [element.note.id, element.anchor] };
        return item;
      }
    }
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The Engineering Notes view: the provider plus its TreeView (with the built-in Collapse All). */
export class NotesTree extends Disposable {
  readonly provider: NotesTreeProvider;

  constructor(store: NoteStore) {
    super();
    this.provider = this.register(new NotesTreeProvider(store));
    this.register(vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this.provider, showCollapseAll: true }));
  }
}

function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
