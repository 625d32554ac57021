/** Command ids, one place; package.json `contributes.commands` lists the same ids. */
export const Command = {
  Search: 'engineeringNotes.search',
  SearchSelection: 'engineeringNotes.searchSelection',
  OpenNote: 'engineeringNotes.openNote',
  ToggleHints: 'engineeringNotes.toggleHints',
  NewNote: 'engineeringNotes.newNote',
  ShowOutput: 'engineeringNotes.showOutput',
} as const;

export const VIEW_ID = 'engineeringNotes.notes';
export const READER_VIEW_TYPE = 'engineeringNotes.reader';
export const CONFIG_SECTION = 'engineeringNotes';
/** Context key set while no notes could be loaded (drives the view's welcome content). */
export const EMPTY_CONTEXT_KEY = 'engineeringNotes.empty';
