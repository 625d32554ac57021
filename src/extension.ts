import { join } from 'node:path';
import * as vscode from 'vscode';
import type { EngineeringNotesApi } from './shared/api';
import { registerCommands } from './features/commandHandlers';
import { Configuration } from './features/configuration';
import { HintLensProvider, hintSelector } from './features/hintLenses';
import { disposeLog } from './features/log';
import { NoteStore } from './features/noteStore';
import { NotesTree, type TreeNode } from './features/notesTree';
import { Reader } from './features/readerPanel';

/** Builds the objects and registers them. Nothing is loaded here: each piece loads on first use. */
export function activate(context: vscode.ExtensionContext): EngineeringNotesApi {
  const store = new NoteStore(join(context.extensionUri.fsPath, 'dist', 'kb'));
  const config = new Configuration();
  const reader = new Reader(context.extensionUri, store);
  const tree = new NotesTree(store);
  const lenses = new HintLensProvider(store, config);
  context.subscriptions.push(
    config,
    reader,
    tree,
    lenses,
    vscode.languages.registerCodeLensProvider(hintSelector(), lenses),
    registerCommands(store, reader, config),
    { dispose: disposeLog },
  );

  return {
    search: (query) => store.search(query).map((r) => ({ noteId: r.noteId, section: r.anchor, title: r.note.title, partial: r.partial, approximate: r.approximate })),
    treeChildren: async (element) =>
      tree.provider.getChildren(element as TreeNode | undefined).map((node) => ({
        element: node,
        kind: node.kind,
        label: node.kind === 'topic' ? node.topic : node.kind === 'note' ? node.note.title : node.heading,
        noteId: node.kind === 'topic' ? undefined : node.note.id,
        section: node.kind === 'section' ? node.anchor : undefined,
      })),
    reader: { current: () => reader.current() },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
