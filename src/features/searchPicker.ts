import * as vscode from 'vscode';
import { hitGroup } from '../core/search/searchIndex';
import type { NoteStore, SearchResultItem } from './noteStore';

interface NoteQuickPickItem extends vscode.QuickPickItem {
  noteId?: string;
  section?: string;
}

export type OpenNote = (noteId: string, section?: string) => Promise<void>;

/**
 * The palette search: a QuickPick that searches as you type (src/core/search: MiniSearch, prefix
 * and typo tolerant) and opens the reader at the section that matched.
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
    picker.items = query.trim() ? resultItems(store.search(query), query, store.searchError) : browseItems(store);
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

function resultItems(results: SearchResultItem[], query: string, searchError: string | undefined): NoteQuickPickItem[] {
  // A damaged install says what is wrong and where, instead of looking like a search that found nothing.
  if (searchError) return [{ label: '$(error) The notes could not be searched', detail: searchError, alwaysShow: true }];
  if (results.length === 0) return [{ label: `No notes match "${query.trim()}"`, description: 'Try fewer or shorter words', alwaysShow: true }];
  const items: NoteQuickPickItem[] = [];
  let group = '';
  for (const r of results) {
    // Notes with every word as typed first; then close spellings of a word no note has as typed
    // ("oauth" -> "auth"), marked so they never pass for matches; then notes with some of the words.
    const g = hitGroup(r);
    if (g !== group && g) items.push({ label: g, kind: vscode.QuickPickItemKind.Separator, alwaysShow: true });
    group = g;
    const where = r.heading ? `${r.note.topic} › ${r.heading}` : r.note.topic;
    items.push({
      label: r.note.title,
      // The mark first: a long heading must not cut it off.
      description: r.approximate.length ? `close spelling of ${r.approximate.map((w) => `"${w}"`).join(', ')} · ${where}` : where,
      detail: r.excerpt,
      alwaysShow: true,
      noteId: r.note.id,
      section: r.anchor,
    });
  }
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
