/**
 * YAML parsers return values without positions. To name the line of a problem, this finds where a
 * key is written in the raw front matter. It only has to be right for notes in the documented shape;
 * when it cannot tell, it falls back to the nearest enclosing key (or the opening `---`).
 */
export class FrontMatterLines {
  private readonly lines: string[];
  private readonly hintStarts: number[] = [];

  /** @param lines the lines of the front matter, without the `---` fences; @param firstLine their 1-based file line. */
  constructor(
    lines: string[],
    private readonly firstLine: number,
  ) {
    this.lines = lines;
    const hintsAt = this.indexOfKey('hints');
    if (hintsAt >= 0) {
      for (let i = hintsAt + 1; i < lines.length; i++) {
        if (/^\S/.test(lines[i])) break;
        if (/^\s*-\s+id\s*:/.test(lines[i])) this.hintStarts.push(i);
      }
    }
  }

  private indexOfKey(key: string): number {
    const re = new RegExp(`^${escape(key)}\\s*:`);
    return this.lines.findIndex((l) => re.test(l));
  }

  /** Line of a top-level key, or of the opening fence when the key is absent. */
  key(key: string): number {
    const i = this.indexOfKey(key);
    return i >= 0 ? this.firstLine + i : this.firstLine - 1;
  }

  /** Line of `field` inside hint number `index`, or the hint's first line. */
  hint(index: number, field?: string): number {
    const start = this.hintStarts[index];
    if (start === undefined) return this.key('hints');
    if (!field) return this.firstLine + start;
    const end = this.hintStarts[index + 1] ?? this.lines.length;
    const re = new RegExp(`^\\s*(?:-\\s+)?${escape(field)}\\s*:`);
    for (let i = start; i < end; i++) {
      if (re.test(this.lines[i])) return this.firstLine + i;
    }
    return this.firstLine + start;
  }

  /**
   * Line of a nested key inside hint number `index`, e.g. ['query', 'typescript'] or
   * ['examples', 'python', 'match']; undefined when it is not written in block style.
   */
  hintPath(index: number, path: readonly string[]): number | undefined {
    const start = this.hintStarts[index];
    if (start === undefined) return undefined;
    const end = this.hintStarts[index + 1] ?? this.lines.length;
    let from = start;
    let minIndent = -1;
    let found = -1;
    for (const key of path) {
      const re = new RegExp(`^(\\s*)(?:-\\s+)?${escape(key)}\\s*:`);
      found = -1;
      for (let i = from; i < end; i++) {
        const l = this.lines[i];
        const ind = /^\s*/.exec(l)?.[0].length ?? 0;
        if (i > from && l.trim() && minIndent >= 0 && ind <= minIndent && !/^\s*-/.test(l)) break;
        const m = re.exec(l);
        if (m && (minIndent < 0 || m[1].length > minIndent || i === start)) {
          found = i;
          break;
        }
      }
      if (found < 0) return undefined;
      minIndent = /^\s*/.exec(this.lines[found])?.[0].length ?? 0;
      from = found + 1;
    }
    return this.firstLine + found;
  }

  /** Line of the n-th list item under a nested key of a hint (see hintPath), or the key's line. */
  hintListItem(index: number, path: readonly string[], n: number): number | undefined {
    const keyLine = this.hintPath(index, path);
    if (keyLine === undefined) return undefined;
    const k = keyLine - this.firstLine;
    const end = this.hintStarts[index + 1] ?? this.lines.length;
    const indent = /^\s*/.exec(this.lines[k] ?? '')?.[0].length ?? 0;
    let seen = -1;
    for (let i = k + 1; i < end; i++) {
      const l = this.lines[i];
      const ind = /^\s*/.exec(l)?.[0].length ?? 0;
      if (l.trim() && ind <= indent && !/^\s*-/.test(l)) break;
      if (/^\s*-(\s|$)/.test(l) && ind >= indent) {
        seen++;
        if (seen === n) return this.firstLine + i;
      }
    }
    return keyLine;
  }

  /** The raw text of a front-matter line (1-based file line). */
  lineText(fileLine: number): string {
    return this.lines[fileLine - this.firstLine] ?? '';
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
