import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { checkedHighlight } from './highlight';
import { EXTERNAL_SCHEMES } from './markdownSchemes';
import { AnchorAllocator } from './slug';

/**
 * markdown-it configured once for notes: raw HTML off (shown as text), only safe link targets,
 * heading anchors, note-to-note links marked for the reader, and code blocks with a header (language,
 * Copy) above the code, highlighted at build time (see highlight.ts).
 */

/** `other-note.md` or `other-note.md#anchor`, relative, no directories. */
const NOTE_LINK = /^(?:\.\/)?([a-z0-9]+(?:-[a-z0-9]+)*)\.md(?:#([^\s#]*))?$/;

export interface NoteLinkTarget {
  noteId: string;
  anchor: string;
}

/** Recognises a link to another note; undefined for anything else. */
export function parseNoteLink(href: string): NoteLinkTarget | undefined {
  const m = NOTE_LINK.exec(href);
  if (!m) return undefined;
  return { noteId: m[1], anchor: m[2] ? safeDecode(m[2]) : '' };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** True for hrefs the reader may follow: external allowed schemes, in-page anchors, note links. */
export function isAllowedHref(href: string): boolean {
  const trimmed = href.trim();
  if (trimmed.startsWith('#')) return true;
  if (parseNoteLink(trimmed)) return true;
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(trimmed);
  if (!scheme) return false;
  return (EXTERNAL_SCHEMES as readonly string[]).includes(scheme[1].toLowerCase());
}

interface RenderEnv {
  anchors?: AnchorAllocator;
}

function createMarkdown(): MarkdownIt {
  const md = new MarkdownIt({
    html: false,
    linkify: true,
    typographer: false,
    // Checked output only (escaped text in class-only spans); '' makes the fence escape the code itself.
    highlight: (code, lang) => checkedHighlight(code, lang) ?? '',
  });

  // Only allowed targets survive; markdown-it then renders a rejected link as its literal text.
  md.validateLink = (url: string) => isAllowedHref(url);
  // linkify must never turn "foo.md" or bare domains with odd schemes into links we did not vet.
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: false });

  md.core.ruler.push('heading_anchors', (state) => {
    const env = state.env as RenderEnv;
    const anchors = (env.anchors ??= new AnchorAllocator());
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.type !== 'heading_open') continue;
      const inline = tokens[i + 1];
      t.attrSet('id', anchors.next(inlineText(inline)));
    }
  });

  const defaultLinkOpen =
    md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    const href = token.attrGet('href') ?? '';
    const note = parseNoteLink(href);
    if (note) {
      token.attrSet('data-note', note.noteId);
      if (note.anchor) token.attrSet('data-section', note.anchor);
    } else if (!href.startsWith('#')) {
      token.attrSet('data-external', '');
      token.attrSet('title', href);
    }
    return defaultLinkOpen(tokens, idx, options, env, self);
  };

  // The language and the Copy button sit in a header above the code, so they never cover it.
  md.renderer.rules.fence = (tokens, idx, options) => {
    const token = tokens[idx];
    const lang = token.info.trim().split(/\s+/)[0] ?? '';
    const highlighted = (lang && options.highlight?.(token.content, lang, '')) || '';
    const cls = lang ? ` class="language-${md.utils.escapeHtml(lang)}${highlighted ? ' hljs' : ''}"` : '';
    const label = lang ? `<span class="code-lang">${md.utils.escapeHtml(lang)}</span>` : '';
    return (
      `<div class="code-block"><div class="code-head">${label}` +
      `<button class="copy" type="button" title="Copy code" aria-label="Copy code">Copy</button></div>` +
      `<pre><code${cls}>${highlighted || md.utils.escapeHtml(token.content)}</code></pre></div>\n`
    );
  };

  // Column alignment as a class: markdown-it writes style="text-align:...", which the reader's CSP
  // (no inline styles) refuses, so aligned columns lost their alignment.
  md.core.ruler.push('table_align_classes', (state) => {
    for (const t of state.tokens) {
      if (t.type !== 'th_open' && t.type !== 'td_open') continue;
      const align = /^text-align:(left|center|right)$/.exec(t.attrGet('style') ?? '')?.[1];
      if (t.attrs) t.attrs = t.attrs.filter(([name]) => name !== 'style');
      if (align) t.attrJoin('class', `align-${align}`);
    }
  });

  // Tables scroll sideways in a narrow panel instead of squeezing.
  md.renderer.rules.table_open = () => '<div class="table-wrap"><table>\n';
  md.renderer.rules.table_close = () => '</table></div>\n';

  return md;
}

/** Text of an inline token, as a reader would see it (no markup). */
export function inlineText(token: Token | undefined): string {
  if (!token) return '';
  if (!token.children) return token.content;
  return token.children
    .map((c) => (c.type === 'text' || c.type === 'code_inline' ? c.content : c.type === 'softbreak' ? ' ' : ''))
    .join('');
}

let shared: MarkdownIt | undefined;

/** The one configured instance (created on first use). */
export function markdown(): MarkdownIt {
  return (shared ??= createMarkdown());
}

/** Renders a note body to HTML that is safe to put in the reader (no raw HTML, vetted links). */
export function renderNoteHtml(body: string): string {
  return markdown().render(body, { anchors: new AnchorAllocator() } satisfies RenderEnv);
}

/** Parses a body to tokens with the same anchors the renderer gives. */
export function parseTokens(body: string): Token[] {
  return markdown().parse(body, { anchors: new AnchorAllocator() } satisfies RenderEnv);
}
