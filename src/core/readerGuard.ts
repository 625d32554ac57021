/**
 * What a rendered article lets its reader page ask for. The page is a browser document: its
 * messages are checked against the article the extension rendered, so a page that was tampered
 * with (or a note whose HTML somehow carried script) can open only the links the note has, jump
 * only to headings it has, and copy only its own code blocks.
 */
export interface ArticleAffordances {
  /** `href` values of external links (`data-external`), as the page reads them. */
  external: ReadonlySet<string>;
  /** Note links as `noteId#anchor` (anchor may be empty). */
  noteLinks: ReadonlySet<string>;
  /** Element ids in the article: the headings a link or the history may scroll to. */
  anchors: ReadonlySet<string>;
  /** The text of each code block, as the page's `textContent` gives it. */
  code: ReadonlySet<string>;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", apos: "'" };

/** Undoes the escaping our renderer applies to text and attribute values. */
export function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#x27|apos);/g, (_, name: string) => ENTITIES[name]);
}

function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? unescapeHtml(m[1]) : undefined;
}

/** Reads the affordances out of article HTML produced by our own renderer (src/core/markdown.ts, article.ts). */
export function articleAffordances(html: string): ArticleAffordances {
  const external = new Set<string>();
  const noteLinks = new Set<string>();
  const anchors = new Set<string>();
  const code = new Set<string>();
  for (const [tag] of html.matchAll(/<a\s[^>]*>/g)) {
    const note = attribute(tag, 'data-note');
    if (note !== undefined) noteLinks.add(`${note}#${attribute(tag, 'data-section') ?? ''}`);
    else if (/\sdata-external(?:[\s=>])/.test(tag)) {
      const href = attribute(tag, 'href');
      if (href !== undefined) external.add(href);
    }
  }
  for (const [, id] of html.matchAll(/\sid="([^"]*)"/g)) anchors.add(unescapeHtml(id));
  for (const [, inner] of html.matchAll(/<pre><code[^>]*>([\s\S]*?)<\/code><\/pre>/g)) code.add(unescapeHtml(inner.replace(/<[^>]*>/g, '')));
  return { external, noteLinks, anchors, code };
}
