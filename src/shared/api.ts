/** What `activate()` returns: used by the in-editor test suite, stable enough for other extensions. */
export interface EngineeringNotesApi {
  /**
   * Search as the palette does; best note first. `partial`: the note has only some of the words;
   * `approximate`: query words it matched only through a close spelling.
   */
  search(query: string): { noteId: string; section: string; title: string; partial: boolean; approximate: string[] }[];
  /** The tree's children, as the view would ask for them. */
  treeChildren(element?: unknown): Promise<{ label: string; kind: 'topic' | 'note' | 'section'; noteId?: string; section?: string; element: unknown }[]>;
  reader: {
    /** The note and section the reader shows, if it is open. */
    current(): { noteId: string; section: string } | undefined;
  };
}
