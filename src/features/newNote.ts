import * as vscode from 'vscode';
import { noteTemplate } from '../core/noteTemplate';
import type { NoteStore } from './noteStore';
import { NOTES_FOLDER } from './workspaceNotes';

/**
 * "New Note": asks for a title and a topic, writes `.engineering-notes/<id>.md` in the chosen
 * workspace folder with the front matter filled in, and opens it. Never overwrites a file.
 */
export async function createNoteFromTemplate(store: NoteStore): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('Engineering Notes: open a folder first; workspace notes live in its .engineering-notes folder.');
    return;
  }
  const folder = folders.length === 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Workspace folder for the new note' });
  if (!folder) return;
  const title = await vscode.window.showInputBox({
    title: 'New Engineering Note',
    prompt: 'Title of the note',
    validateInput: (v) => (v.trim() === '' ? 'A note needs a title' : undefined),
  });
  if (!title) return;
  const topics = store.topics;
  const picked = await vscode.window.showQuickPick([...topics.map((t) => ({ label: t })), { label: '$(add) New topic…', alwaysShow: true, topic: '' }], {
    title: 'Topic of the note',
    placeHolder: 'The tree groups notes by topic',
  });
  if (!picked) return;
  let topic = 'topic' in picked ? '' : picked.label;
  if (!topic) {
    topic = (await vscode.window.showInputBox({ title: 'New topic', validateInput: (v) => (v.trim() === '' ? 'A topic needs a name' : undefined) }))?.trim() ?? '';
    if (!topic) return;
  }
  const order = Math.max(0, ...store.notesInTopic(topic).map((n) => n.order)) + 1;
  const { id, text } = noteTemplate(title.trim(), topic, order);
  const uri = vscode.Uri.joinPath(folder.uri, NOTES_FOLDER, `${id}.md`);
  try {
    await vscode.workspace.fs.stat(uri);
    void vscode.window.showWarningMessage(`Engineering Notes: ${vscode.workspace.asRelativePath(uri)} already exists.`);
    return;
  } catch {
    // No such file: write it.
  }
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  await vscode.window.showTextDocument(uri);
}
