import { join } from 'node:path';
import * as vscode from 'vscode';
import type { EngineeringNotesApi } from './shared/api';
import { registerCommands } from './features/commandHandlers';
import { Configuration } from './features/configuration';
import { HintLensProvider, hintSelector } from './features/hintLenses';
import { disposeLog, log } from './features/log';
import { NoteStore } from './features/noteStore';
import { NotesTree, type TreeNode } from './features/notesTree';
import { LibrarySync } from './features/library';
import { Reader } from './features/readerPanel';
import { WorkspaceNotes } from './features/workspaceNotes';
import { SizeLimitNotice } from './features/sizeLimitNotice';
import { HintWorkerClient } from './core/hints/client';
import { nodeWorkerTransport } from './core/hints/nodeTransport';

/** Builds the objects and registers them. Nothing is loaded here: each piece loads on first use. */
export function activate(context: vscode.ExtensionContext): EngineeringNotesApi {
  // Load errors go to the "Engineering Notes" output (created then), where the empty view points.
  const store = new NoteStore(join(context.extensionUri.fsPath, 'dist', 'kb'), (message) => log().error(message));
  const config = new Configuration();
  const reader = new Reader(context.extensionUri, store);
  const tree = new NotesTree(store);
  const dist = join(context.extensionUri.fsPath, 'dist');
  // The hint worker starts on the first file that gets lenses, not here.
  const lenses = new HintLensProvider(store, config, (s) => new HintWorkerClient(() => nodeWorkerTransport(join(dist, 'hintWorker.js'), { wasmDir: join(dist, 'wasm') }), s.hintRules()));
  const workspaceNotes = new WorkspaceNotes(context.extensionUri, () => store.bundled());
  const sizeNotice = new SizeLimitNotice(config);
  context.subscriptions.push(
    sizeNotice,
    config,
    reader,
    tree,
    lenses,
    workspaceNotes,
    new LibrarySync(store, workspaceNotes, config, tree, reader, lenses),
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
        description: node.kind === 'note' ? tree.provider.getTreeItem(node).description?.toString() : undefined,
        noteId: node.kind === 'topic' ? undefined : node.note.id,
        section: node.kind === 'section' ? node.anchor : undefined,
      })),
    reader: { current: () => reader.current() },
    workspaceNotes: () => workspaceNotes.start().then(() => store.notes.filter((n) => n.origin === 'workspace').map((n) => ({ id: n.id, title: n.title, file: n.file ?? '', replacesBundled: n.replacesBundled === true }))),
    sizeLimitNotice: () => sizeNotice.text,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
