import * as vscode from 'vscode';
import { Command, CONFIG_SECTION } from './commands';
import type { Configuration } from './configuration';
import { log } from './log';
import type { NoteStore } from './noteStore';
import type { Reader } from './readerPanel';
import { showNotePicker } from './notePicker';
import { selectionQuery, showSearchPicker } from './searchPicker';
import { createNoteFromTemplate } from './newNote';

/** Registers every contributed command; the returned disposable unregisters them all. */
export function registerCommands(store: NoteStore, reader: Reader, config: Configuration): vscode.Disposable {
  const openNote = async (noteId: unknown, section?: unknown): Promise<void> => {
    if (typeof noteId !== 'string') {
      // Run from the palette with no argument: pick a note by title.
      await showNotePicker(store, openNote);
      return;
    }
    reader.show(noteId, typeof section === 'string' ? section : '');
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand(Command.OpenNote, openNote),
    vscode.commands.registerCommand(Command.Search, (query?: unknown) =>
      showSearchPicker(store, openNote, typeof query === 'string' ? query : ''),
    ),
    vscode.commands.registerCommand(Command.SearchSelection, () =>
      showSearchPicker(store, openNote, selectionQuery(vscode.window.activeTextEditor)),
    ),
    vscode.commands.registerCommand(Command.NewNote, () => createNoteFromTemplate(store)),
    // Creates the output channel if nothing has been written to it yet, so there is always somewhere to look.
    vscode.commands.registerCommand(Command.ShowOutput, () => log().show(true)),
    vscode.commands.registerCommand(Command.ToggleHints, async () => {
      const enabled = !config.current.hintsEnabled;
      const c = vscode.workspace.getConfiguration(CONFIG_SECTION);
      // Change the setting where it is set, so a workspace value is not silently shadowed.
      const inspected = c.inspect<boolean>('hints.enabled');
      const target =
        inspected?.workspaceFolderValue !== undefined
          ? vscode.ConfigurationTarget.WorkspaceFolder
          : inspected?.workspaceValue !== undefined
            ? vscode.ConfigurationTarget.Workspace
            : vscode.ConfigurationTarget.Global;
      await c.update('hints.enabled', enabled, target);
      vscode.window.setStatusBarMessage(`Engineering Notes: code hints ${enabled ? 'on' : 'off'}`, 2500);
    }),
  );
}
