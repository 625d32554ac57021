/** What `activate()` returns: used by the in-editor test suite, stable enough for other extensions. */
export interface EngineeringNotesApi {
  /**
   * Search as the palette does; best note first. `partial`: the note has only some of the words;
   * `approximate`: query words it matched only through a close spelling.
   */
  search(query: string): { noteId: string; section: string; title: string; partial: boolean; approximate: string[] }[];
  /** The tree's children, as the view would ask for them. */
  treeChildren(element?: unknown): Promise<{ label: string; description?: string; kind: 'topic' | 'note' | 'section'; noteId?: string; section?: string; element: unknown }[]>;
  /** The workspace's notes once they are read (the first call starts reading them). */
  workspaceNotes(): Promise<{ id: string; title: string; file: string; replacesBundled: boolean }[]>;
  reader: {
    /** The note and section the reader shows, if it is open. */
    current(): { noteId: string; section: string } | undefined;
  };
  /** The status-bar text saying the active file is over the size limit for hints, while it is shown. */
  sizeLimitNotice(): string | undefined;
}
