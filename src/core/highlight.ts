import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import csharp from 'highlight.js/lib/languages/csharp';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import protobuf from 'highlight.js/lib/languages/protobuf';
import python from 'highlight.js/lib/languages/python';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import yaml from 'highlight.js/lib/languages/yaml';

/**
 * Syntax highlighting of the notes' code blocks, run at build time (the reader gets finished HTML
 * and no highlighter). highlight.js escapes the code and wraps tokens in `<span class="hljs-...">`;
 * nothing else may come out of it, and `checkedHighlight` proves that for every block before the
 * HTML is used, so a highlighter bug cannot put markup into the reader.
 */

const LANGUAGES = { bash, csharp, go, java, javascript, json, markdown, protobuf, python, sql, typescript, yaml };
let registered = false;

function highlighter(): typeof hljs {
  if (!registered) {
    for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);
    registered = true;
  }
  return hljs;
}

/** One piece of highlighter output: text without markup characters, an entity, or a class-only span tag. */
const PIECE = /([^<>&"']+)|&(amp|lt|gt|quot|#x27);|(<span class="[a-z0-9_ -]{1,80}">)|(<\/span>)/y;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'" };

/**
 * True when `html` is made only of escaped text and balanced class-only spans, and shows exactly
 * `code`. One pass, one piece at a time (no backtracking over the whole string).
 */
export function isSafeHighlight(html: string, code: string): boolean {
  let depth = 0;
  let shown = '';
  for (let at = 0; at < html.length; at = PIECE.lastIndex) {
    PIECE.lastIndex = at;
    const m = PIECE.exec(html);
    if (!m) return false;
    if (m[1] !== undefined) shown += m[1];
    else if (m[2] !== undefined) shown += ENTITIES[m[2]];
    else if (m[3] !== undefined) depth++;
    else if (--depth < 0) return false;
  }
  return depth === 0 && shown === code;
}

/**
 * The code as highlighted HTML for a fence's language, or undefined when the language is unknown
 * (or the output fails the check): the caller then escapes the code as plain text.
 */
export function checkedHighlight(code: string, lang: string): string | undefined {
  const hl = highlighter();
  if (!lang || !hl.getLanguage(lang)) return undefined;
  let html: string;
  try {
    html = hl.highlight(code, { language: lang, ignoreIllegals: true }).value;
  } catch {
    return undefined;
  }
  return isSafeHighlight(html, code) ? html : undefined;
}
