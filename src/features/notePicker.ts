import * as vscode from 'vscode';
import type { NoteStore } from './noteStore';
import { browseItems, type OpenNote } from './searchPicker';

/**
 * "Open Note": pick a note by its title from every note, grouped by topic. The QuickPick's own
 * matching on titles only (no full-text search, no index to load): for when you know which note
 * you want. "Search Notes" is the full-text search over what the notes say.
 */
export async function showNotePicker(store: NoteStore, openNote: OpenNote): Promise<void> {
  const picker = vscode.window.createQuickPick<vscode.QuickPickItem & { noteId?: string }>();
  picker.title = 'Open Engineering Note';
  picker.placeholder = 'Type part of a note\'s title (to search what the notes say: "Engineering Notes: Search Notes")';
  picker.matchOnDescription = false;
  picker.matchOnDetail = false;
  picker.items = browseItems(store);
  const chosen = await new Promise<{ noteId?: string } | undefined>((resolve) => {
    picker.onDidAccept(() => resolve(picker.selectedItems[0]));
    picker.onDidHide(() => resolve(undefined));
    picker.show();
  });
  picker.dispose();
  if (chosen?.noteId) await openNote(chosen.noteId);
}
