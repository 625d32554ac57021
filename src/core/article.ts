import { escapeHtml } from './html';
import { renderNoteHtml } from './markdown';
import type { Note, NoteMeta } from './note';
import { noteMeta } from './knowledgeBase';

/**
 * The reader's article for one note: header, table of contents, body and related notes. Rendered
 * at build time for the bundled notes, so opening a note costs a file read, not a Markdown parse.
 */
export function renderArticle(note: Note, notesById: ReadonlyMap<string, NoteMeta>): string {
  const meta = noteMeta(note);
  const toc = meta.sections.length
    ? `<nav class="toc" aria-label="Contents"><h2 class="toc-title">Contents</h2><ol>${meta.sections
        .map((s) => `<li class="toc-l${s.level}"><a href="#${escapeHtml(s.anchor)}">${escapeHtml(s.heading)}</a></li>`)
        .join('')}</ol></nav>`
    : '';
  const related = note.related
    .map((id) => notesById.get(id))
    .filter((m): m is NoteMeta => m !== undefined)
    .map(
      (m) =>
        `<li><a href="${escapeHtml(m.id)}.md" data-note="${escapeHtml(m.id)}">${escapeHtml(m.title)}</a>` +
        `<span class="related-summary">${escapeHtml(m.summary)}</span></li>`,
    )
    .join('');
  return (
    `<header class="note-header"><p class="note-topic">${escapeHtml(note.topic)}</p>` +
    `<h1 id="top">${escapeHtml(note.title)}</h1><p class="note-summary">${escapeHtml(note.summary)}</p></header>` +
    toc +
    `<article class="note-body">${renderNoteHtml(note.body)}</article>` +
    (related ? `<footer class="related"><h2>Related notes</h2><ul>${related}</ul></footer>` : '')
  );
}
