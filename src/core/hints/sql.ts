/**
 * The SQL matcher: `.sql` files have no grammar in @vscode/tree-sitter-wasm, so SQL is split into
 * statements by a small tokenizer that knows comments (`--`, `#`-free standard SQL, nested block
 * comments), string literals ('...', E'...', $tag$...$tag$) and quoted identifiers. Each statement
 * is then normalised (comments removed, strings blanked to '', whitespace folded to one space) and
 * a rule's RE2 regex is run over it, case-insensitively. Comments and strings can never match.
 */

export interface SqlStatement {
  /** The normalised text a rule's regex sees. */
  text: string;
  /** Offsets (UTF-16) of the statement's first and last significant characters + 1, in the scanned text. */
  start: number;
  end: number;
}

/** Splits SQL text into statements. `base` is added to every offset (for SQL inside a string). */
export function sqlStatements(sql: string, base = 0): SqlStatement[] {
  const out: SqlStatement[] = [];
  let parts: string[] = [];
  let start = -1;
  let end = -1;
  let pendingSpace = false;
  const emit = (s: string, at: number, to: number) => {
    if (start === -1) start = at;
    else if (pendingSpace) parts.push(' ');
    pendingSpace = false;
    parts.push(s);
    end = to;
  };
  const flush = () => {
    if (start !== -1) out.push({ text: parts.join(''), start: base + start, end: base + end });
    parts = [];
    start = -1;
    end = -1;
    pendingSpace = false;
  };
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql.charCodeAt(i);
    // whitespace (and NUL and other controls)
    if (c <= 0x20 || c === 0xa0 || c === 0xfeff) {
      pendingSpace = true;
      i++;
      continue;
    }
    // -- line comment
    if (c === 0x2d && sql.charCodeAt(i + 1) === 0x2d) {
      const nl = sql.indexOf('\n', i);
      i = nl === -1 ? n : nl;
      pendingSpace = true;
      continue;
    }
    // /* block comment */, nested as in PostgreSQL
    if (c === 0x2f && sql.charCodeAt(i + 1) === 0x2a) {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (sql.charCodeAt(j) === 0x2f && sql.charCodeAt(j + 1) === 0x2a) {
          depth++;
          j += 2;
        } else if (sql.charCodeAt(j) === 0x2a && sql.charCodeAt(j + 1) === 0x2f) {
          depth--;
          j += 2;
        } else j++;
      }
      i = j;
      pendingSpace = true;
      continue;
    }
    // 'string' with '' escapes (and backslash escapes after an E prefix)
    if (c === 0x27) {
      const escapes = i > 0 && (sql[i - 1] === 'E' || sql[i - 1] === 'e');
      let j = i + 1;
      while (j < n) {
        const d = sql.charCodeAt(j);
        if (escapes && d === 0x5c) {
          j += 2;
          continue;
        }
        if (d === 0x27) {
          if (sql.charCodeAt(j + 1) === 0x27) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      const to = Math.min(j + 1, n);
      emit("''", i, to);
      i = to;
      continue;
    }
    // $tag$ ... $tag$ (PostgreSQL dollar quoting)
    if (c === 0x24) {
      const tag = /^\$[A-Za-z_]?[A-Za-z0-9_]*\$/.exec(sql.slice(i, i + 64));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        const to = close === -1 ? n : close + tag[0].length;
        emit("''", i, to);
        i = to;
        continue;
      }
    }
    // "quoted identifier" or `backtick identifier`: kept as written
    if (c === 0x22 || c === 0x60) {
      const close = sql.indexOf(sql[i], i + 1);
      const to = close === -1 ? n : close + 1;
      emit(sql.slice(i, to), i, to);
      i = to;
      continue;
    }
    if (c === 0x3b) {
      flush();
      i++;
      continue;
    }
    // a run of ordinary characters
    let j = i + 1;
    while (j < n) {
      const d = sql.charCodeAt(j);
      if (d <= 0x20 || d === 0xa0 || d === 0xfeff || d === 0x27 || d === 0x22 || d === 0x60 || d === 0x3b || d === 0x24) break;
      if ((d === 0x2d && sql.charCodeAt(j + 1) === 0x2d) || (d === 0x2f && sql.charCodeAt(j + 1) === 0x2a)) break;
      j++;
    }
    emit(sql.slice(i, j), i, j);
    i = j;
  }
  flush();
  return out;
}

const SQL_START = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|ALTER|DROP|MERGE)\b/i;

/** True when a string literal's content looks like SQL: it starts with a SQL keyword. */
export function looksLikeSql(content: string): boolean {
  return SQL_START.test(content.slice(0, 200));
}
