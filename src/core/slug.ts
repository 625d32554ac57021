/**
 * Heading anchor: lower case, keep letters, digits, spaces and hyphens, spaces to hyphens, runs of
 * hyphens collapsed. Matches docs/note-format.md; the build, the reader and hint rules all use it.
 */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s+/g, '-')
    .replace(/-+/g, '-');
}

/** Hands out unique anchors for one document: the second "Setup" becomes "setup-2". */
export class AnchorAllocator {
  private readonly seen = new Map<string, number>();

  next(text: string): string {
    const base = slugify(text) || 'section';
    const count = (this.seen.get(base) ?? 0) + 1;
    this.seen.set(base, count);
    return count === 1 ? base : `${base}-${count}`;
  }
}
