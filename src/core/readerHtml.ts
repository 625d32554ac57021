import { escapeHtml } from './html';

/** What the reader page needs; everything the webview shows comes through here. */
export interface ReaderPageInput {
  /** Fresh for every render; the only way a script may run. */
  nonce: string;
  /** `webview.cspSource`: the origin of the extension's own resources. */
  cspSource: string;
  styleUri: string;
  scriptUri: string;
  /** Article HTML produced by renderArticle (already safe). */
  articleHtml: string;
  noteId: string;
  title: string;
  /** Initial state for the page script; serialised into a data attribute, never into a script. */
  state: unknown;
}

/**
 * Where the reader may load styles, images and fonts from: `webview.cspSource` narrowed to the
 * folder of the reader's stylesheet (the extension's media/). `'self'` is dropped: under
 * code-server it is the workbench's own origin, which serves any file the server can read
 * (`/vscode-remote-resource?path=...`), past `localResourceRoots`. If the path cannot be used
 * safely (characters the CSP grammar would misread), the host sources are used without a path;
 * `cspSource` is used as it is only when it has no host source at all.
 */
export function resourceSources(cspSource: string, styleUri: string): string {
  const hosts = cspSource.split(/\s+/).filter((t) => t && t !== "'self'");
  // Without a host source there is nothing to narrow: 'self' is then the only way in.
  if (!hosts.length) return cspSource;
  let folder: string;
  try {
    const path = new URL(styleUri).pathname;
    folder = path.slice(0, path.lastIndexOf('/') + 1);
  } catch {
    return hosts.join(' ');
  }
  if (!/^\/[A-Za-z0-9\-._~!$&()+=:@%/]*$/.test(folder)) return hosts.join(' ');
  return hosts.map((h) => (/^[a-z][a-z0-9+.-]*:\/\/[^/]+$/i.test(h) ? `${h}${folder}` : h)).join(' ');
}

/** The Content-Security-Policy of the reader: nothing but our own style, our nonce'd script and our images. */
export function readerCsp(sources: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `style-src ${sources}`,
    `img-src ${sources}`,
    `font-src ${sources}`,
    `script-src 'nonce-${nonce}'`,
    `form-action 'none'`,
    `base-uri 'none'`,
  ].join('; ');
}

const BACK_ICON =
  '<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M7 3.1 2.1 8 7 12.9l.7-.7L4 8.5h10v-1H4l3.7-3.7z"/></svg>';
const FORWARD_ICON =
  '<svg viewBox="0 0 16 16" aria-hidden="true"><path d="m9 3.1 4.9 4.9L9 12.9l-.7-.7L12 8.5H2v-1h10L8.3 3.8z"/></svg>';

/** The whole reader document, as a pure function of its input. */
export function readerPage(input: ReaderPageInput): string {
  const state = escapeHtml(JSON.stringify(input.state ?? null));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(readerCsp(resourceSources(input.cspSource, input.styleUri), input.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(input.styleUri)}">
<title>${escapeHtml(input.title)}</title>
</head>
<body data-state="${state}" data-section="">
<div class="toolbar" role="toolbar" aria-label="Reader navigation">
<button id="back" class="icon-button" type="button" title="Back (Alt+Left)" aria-label="Back" disabled>${BACK_ICON}</button>
<button id="forward" class="icon-button" type="button" title="Forward (Alt+Right)" aria-label="Forward" disabled>${FORWARD_ICON}</button>
</div>
<main id="note" data-note-id="${escapeHtml(input.noteId)}" tabindex="-1">${input.articleHtml}</main>
<script nonce="${escapeHtml(input.nonce)}" src="${escapeHtml(input.scriptUri)}"></script>
</body>
</html>`;
}
