/**
 * The reader page's script. Owns the reading history (back/forward), intercepts every link, and
 * talks to the extension only through the typed messages in shared/messages.ts.
 */
import type { FromWebview, HistoryEntry, ReaderState, ToWebview } from '../shared/messages';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: ReaderState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const main = document.getElementById('note') as HTMLElement;
const back = document.getElementById('back') as HTMLButtonElement;
const forward = document.getElementById('forward') as HTMLButtonElement;

interface Initial {
  current: HistoryEntry;
  history?: ReaderState;
  navigation?: string;
}
/** The saved state also records the last navigation this panel's pages applied. */
type SavedState = ReaderState & { navigation?: string };
const initial = JSON.parse(document.body.dataset.state ?? 'null') as Initial;
const saved = vscode.getState() as SavedState | undefined;
let state: SavedState = isState(saved) ? saved : (initial.history ?? { history: [initial.current], index: 0 });

function isState(s: unknown): s is ReaderState {
  return typeof s === 'object' && s !== null && Array.isArray((s as ReaderState).history) && typeof (s as ReaderState).index === 'number';
}

function entry(): HistoryEntry {
  return state.history[state.index];
}

function save(): void {
  vscode.setState(state);
  back.disabled = state.index <= 0;
  forward.disabled = state.index >= state.history.length - 1;
}

// Programmatic scrolls must not be mistaken for the reader scrolling elsewhere.
let spyPausedUntil = 0;

function scrollToSection(section: string): void {
  spyPausedUntil = Date.now() + 500;
  const target = section ? document.getElementById(section) : null;
  if (target) target.scrollIntoView({ block: 'start' });
  else window.scrollTo(0, 0);
  document.body.dataset.section = section;
  // Move focus into the note so keyboard users continue reading from there.
  (target ?? main).focus({ preventScroll: true });
}

function go(noteId: string, section: string): void {
  if (noteId === main.dataset.noteId) {
    push({ noteId, section });
    scrollToSection(section);
    return;
  }
  vscode.postMessage({ type: 'open', noteId, section, via: 'link' });
}

function push(e: HistoryEntry): void {
  const cur = entry();
  if (cur && cur.noteId === e.noteId && cur.section === e.section) return;
  const history = [...state.history.slice(0, state.index + 1), e].slice(-100);
  state = { ...state, history, index: history.length - 1 };
  save();
}

function travel(delta: number): void {
  const index = state.index + delta;
  if (index < 0 || index >= state.history.length) return;
  state = { ...state, index };
  save();
  const e = entry();
  if (e.noteId === main.dataset.noteId) scrollToSection(e.section);
  else vscode.postMessage({ type: 'open', noteId: e.noteId, section: e.section, via: 'history' });
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const m = event.data;
  if (!m || m.type !== 'show') return;
  // A note edited on disk is shown again where the reader was: no history entry, no jump.
  const keep = m.via === 'refresh' && m.noteId === main.dataset.noteId ? window.scrollY : undefined;
  main.innerHTML = m.html;
  main.dataset.noteId = m.noteId;
  document.title = m.title;
  if (keep !== undefined) {
    window.scrollTo(0, keep);
    return;
  }
  if (m.via !== 'history') push({ noteId: m.noteId, section: m.section });
  scrollToSection(m.section);
});

document.addEventListener('click', (event) => {
  const el = event.target as Element | null;
  const copy = el?.closest('button.copy');
  if (copy) {
    const code = copy.closest('.code-block')?.querySelector('pre code');
    if (code) {
      vscode.postMessage({ type: 'copy', text: code.textContent ?? '' });
      copy.textContent = 'Copied';
      setTimeout(() => (copy.textContent = 'Copy'), 1500);
    }
    return;
  }
  const link = el?.closest('a');
  if (!link) return;
  // The webview's host page listens on this window for link clicks and asks the workbench to open
  // the link's href, whether or not the page prevented the default: a note link ("other-note.md")
  // would open a "Not found" browser tab beside the reader. Keep the click to ourselves.
  event.preventDefault();
  event.stopPropagation();
  const note = link.getAttribute('data-note');
  const href = link.getAttribute('href') ?? '';
  if (note) go(note, link.getAttribute('data-section') ?? '');
  else if (href.startsWith('#')) go(main.dataset.noteId ?? '', safeDecode(href.slice(1)));
  else if (link.hasAttribute('data-external')) vscode.postMessage({ type: 'openExternal', href });
});

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

back.addEventListener('click', () => travel(-1));
forward.addEventListener('click', () => travel(1));
document.addEventListener('keydown', (event) => {
  if (event.altKey && event.key === 'ArrowLeft') travel(-1);
  else if (event.altKey && event.key === 'ArrowRight') travel(1);
  else return;
  event.preventDefault();
});

// Report the section being read, so the extension (and a restored window) knows where we are.
let reportTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener(
  'scroll',
  () => {
    clearTimeout(reportTimer);
    reportTimer = setTimeout(() => {
      if (Date.now() < spyPausedUntil) return;
      const headings = main.querySelectorAll<HTMLElement>('article h2[id], article h3[id]');
      let section = '';
      for (const h of headings) {
        if (h.getBoundingClientRect().top > 80) break;
        section = h.id;
      }
      const noteId = main.dataset.noteId ?? '';
      if (section === document.body.dataset.section) return;
      document.body.dataset.section = section;
      state.history[state.index] = { noteId, section };
      save();
      vscode.postMessage({ type: 'section', noteId, section });
    }, 150);
  },
  { passive: true },
);

// First paint. A page rendered to open a note (the reader was hidden or loading when it was asked
// to) shows that note and adds it to the history, once: a later reload of the same HTML restores
// the saved history instead. Otherwise restore where the reader was; its HTML may hold an older
// note than the saved history, so ask for the right one, after `ready` so it comes as a message.
if (initial.navigation !== undefined && initial.navigation !== state.navigation) {
  push(initial.current);
  state.navigation = initial.navigation;
}
const start = entry();
save();
vscode.postMessage({ type: 'ready' });
if (start.noteId !== main.dataset.noteId) vscode.postMessage({ type: 'open', noteId: start.noteId, section: start.section, via: 'history' });
else scrollToSection(start.section);
