/**
 * Messages between the reader webview and the extension. Both sides import these types; the
 * extension validates everything it receives with `parseWebviewMessage`, because a webview is a
 * browser page and its messages are input like any other.
 */

/**
 * How a note came to be shown: the webview pushes history for `link` and `open`, not for `history`;
 * `refresh` is the same note again after its file changed, shown where the reader was.
 */
export type Navigation = 'open' | 'link' | 'history' | 'refresh';

export interface HistoryEntry {
  noteId: string;
  section: string;
}

/** Saved by the webview (vscode.setState) and handed back after a reload. */
export interface ReaderState {
  history: HistoryEntry[];
  index: number;
}

export type ToWebview = {
  type: 'show';
  noteId: string;
  title: string;
  section: string;
  html: string;
  via: Navigation;
};

export type FromWebview =
  | { type: 'ready' }
  | { type: 'open'; noteId: string; section: string; via: 'link' | 'history' }
  | { type: 'section'; noteId: string; section: string }
  | { type: 'openExternal'; href: string }
  | { type: 'copy'; text: string };

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ANCHOR = /^[\p{L}\p{N}-]{0,200}$/u;
const MAX_COPY = 1_000_000;
const MAX_HREF = 2_048;

/** The message if it is one we understand and its fields are well-formed; otherwise undefined. */
export function parseWebviewMessage(raw: unknown): FromWebview | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  const id = (v: unknown): v is string => typeof v === 'string' && ID.test(v);
  const anchor = (v: unknown): v is string => typeof v === 'string' && ANCHOR.test(v);
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'open':
      if (id(m.noteId) && anchor(m.section) && (m.via === 'link' || m.via === 'history')) {
        return { type: 'open', noteId: m.noteId, section: m.section, via: m.via };
      }
      return undefined;
    case 'section':
      return id(m.noteId) && anchor(m.section) ? { type: 'section', noteId: m.noteId, section: m.section } : undefined;
    case 'openExternal':
      return typeof m.href === 'string' && m.href.length <= MAX_HREF ? { type: 'openExternal', href: m.href } : undefined;
    case 'copy':
      return typeof m.text === 'string' && m.text.length <= MAX_COPY ? { type: 'copy', text: m.text } : undefined;
    default:
      return undefined;
  }
}

/** A reader state restored from a previous session, or undefined if it is not one. */
export function parseReaderState(raw: unknown): ReaderState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const s = raw as Record<string, unknown>;
  if (!Array.isArray(s.history) || typeof s.index !== 'number' || !Number.isFinite(s.index)) return undefined;
  // Only string fields count: String() on an arbitrary object can throw, and a number is not an id.
  const history = s.history
    .filter((e): e is { noteId: string; section?: string } => {
      if (typeof e !== 'object' || e === null) return false;
      const { noteId, section } = e as Record<string, unknown>;
      return typeof noteId === 'string' && ID.test(noteId) && (section === undefined || (typeof section === 'string' && ANCHOR.test(section)));
    })
    .map((e) => ({ noteId: e.noteId, section: e.section ?? '' }))
    .slice(-100);
  if (history.length === 0) return undefined;
  const index = Math.min(Math.max(0, Math.floor(s.index)), history.length - 1);
  return { history, index };
}
