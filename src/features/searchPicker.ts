import * as vscode from 'vscode';
import type { NoteStore, SearchResultItem } from './noteStore';

interface NoteQuickPickItem extends vscode.QuickPickItem {
  noteId?: string;
  section?: string;
}

export type OpenNote = (noteId: string, section?: string) => Promise<void>;

/**
 * The palette search: a QuickPick that searches as you type (NoteIndex: prefix, typo tolerant,
 * section level) and opens the reader at the section that matched.
 */
export async function showSearchPicker(store: NoteStore, openNote: OpenNote, initialQuery = ''): Promise<void> {
  const picker = vscode.window.createQuickPick<NoteQuickPickItem>();
  picker.title = 'Search Engineering Notes';
  picker.placeholder = 'Search notes by concept, e.g. "retry budget", "idempotency key", "SKIP LOCKED"';
  picker.matchOnDescription = false;
  picker.matchOnDetail = false;
  // Results are ranked by the index; stop the QuickPick from re-filtering and re-sorting them.
  (picker as { sortByLabel?: boolean }).sortByLabel = false;

  const update = (query: string) => {
    picker.items = query.trim() ? resultItems(store.search(query), query, store.loadError) : browseItems(store);
  };
  picker.onDidChangeValue(update);
  picker.value = initialQuery;
  update(initialQuery);

  const chosen = await new Promise<NoteQuickPickItem | undefined>((resolve) => {
    picker.onDidAccept(() => resolve(picker.selectedItems[0]));
    picker.onDidHide(() => resolve(undefined));
    picker.show();
    // The picker opens on the browse list, which needs no index: load it just after the picker
    // has painted, in the pause before the first keystroke.
    if (!initialQuery.trim()) setTimeout(() => store.prepareSearch(), 0);
  });
  picker.dispose();
  if (chosen?.noteId) await openNote(chosen.noteId, chosen.section);
}

function resultItems(results: SearchResultItem[], query: string, loadError: string | undefined): NoteQuickPickItem[] {
  if (results.length === 0) {
    // A damaged install says so instead of looking like a search that found nothing.
    if (loadError) return [{ label: 'The notes could not be searched', detail: loadError, alwaysShow: true }];
    return [{ label: `No notes match "${query.trim()}"`, description: 'Try fewer or shorter words', alwaysShow: true }];
  }
  const items: NoteQuickPickItem[] = [];
  results.forEach((r, i) => {
    // Notes with only some of the words come after the rest, under a line that says so.
    if (r.partial && (i === 0 || !results[i - 1].partial)) items.push({ label: 'Some of the words', kind: vscode.QuickPickItemKind.Separator, alwaysShow: true });
    items.push({
      label: r.note.title,
      description: r.heading ? `${r.note.topic} › ${r.heading}` : r.note.topic,
      detail: r.excerpt,
      alwaysShow: true,
      noteId: r.note.id,
      section: r.anchor,
    });
  });
  return items;
}

/** With nothing typed: every note, grouped by topic, so the picker doubles as a table of contents. */
export function browseItems(store: NoteStore): NoteQuickPickItem[] {
  const items: NoteQuickPickItem[] = [];
  for (const topic of store.topics) {
    items.push({ label: topic, kind: vscode.QuickPickItemKind.Separator });
    for (const note of store.notesInTopic(topic)) {
      items.push({ label: `$(book) ${note.title}`, detail: note.summary, noteId: note.id, section: '' });
    }
  }
  return items;
}

/** The text to search for from an editor: the selection, else the word under the cursor. */
export function selectionQuery(editor: vscode.TextEditor | undefined): string {
  if (!editor) return '';
  const { document, selection } = editor;
  let text = document.getText(selection);
  if (!text.trim()) {
    const word = document.getWordRangeAtPosition(selection.active);
    text = word ? document.getText(word) : '';
  }
  // Identifiers read better as words: retryWithBackoff -> retry with backoff.
  return text
    .slice(0, 200)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_\s]+/g, ' ')
    .trim();
}
