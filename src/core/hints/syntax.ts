import type { Node } from '@vscode/tree-sitter-wasm';

/**
 * Node kinds the custom predicates and the grouping need, across the grammars. The names differ by
 * grammar but never collide in a way that matters, so one table serves all of them.
 */

const FUNCTION_KINDS = new Set([
  // TypeScript / TSX
  'function_declaration', 'function_expression', 'arrow_function', 'method_definition',
  'generator_function_declaration', 'generator_function',
  // Python
  'function_definition', 'lambda',
  // Go
  'method_declaration', 'func_literal',
  // Java, C#
  'constructor_declaration', 'lambda_expression', 'local_function_statement',
  'anonymous_method_expression', 'accessor_declaration', 'compact_constructor_declaration',
]);

const LOOP_KINDS = new Set([
  'for_statement', 'for_in_statement', 'while_statement', 'do_statement',
  'enhanced_for_statement', 'foreach_statement',
]);

const TRY_KINDS = new Set(['try_statement', 'try_with_resources_statement']);
const CATCH_KINDS = new Set(['catch_clause', 'except_clause', 'except_group_clause']);

/** Node kinds that hold string literals whose text may be SQL. */
export const STRING_KINDS = [
  // TypeScript / TSX
  'string', 'template_string',
  // Go
  'interpreted_string_literal', 'raw_string_literal',
  // Java
  'string_literal', 'text_block',
  // C#
  'verbatim_string_literal', 'interpolated_string_expression',
] as const;

export const STRING_KIND_SET: ReadonlySet<string> = new Set(STRING_KINDS);

export const INSIDE_KINDS = ['loop', 'try', 'catch', 'function'] as const;
export type InsideKind = (typeof INSIDE_KINDS)[number];

export function isFunction(node: Node): boolean {
  return FUNCTION_KINDS.has(node.type);
}

export function isComment(type: string): boolean {
  return type === 'comment' || type === 'line_comment' || type === 'block_comment';
}

/** True for string literals and the pieces inside them. */
export function isStringLike(type: string): boolean {
  return STRING_KIND_SET.has(type) || type === 'string_content' || type === 'string_fragment' || type === 'escape_sequence'
    || type === 'string_literal_content' || type === 'raw_string_content' || type === 'concatenated_string';
}

/** The innermost function around the node (not the node itself), or null at file level. */
export function enclosingFunction(node: Node): Node | null {
  for (let p = node.parent; p; p = p.parent) if (isFunction(p)) return p;
  return null;
}

/**
 * True when an ancestor of `node`, up to its enclosing function, is of the kind. For `function`,
 * the enclosing function itself counts. For `try`, only the try block counts (not catch or finally).
 */
export function isInside(node: Node, kind: InsideKind): boolean {
  let child = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (kind === 'function') {
      if (isFunction(p)) return true;
      continue;
    }
    if (isFunction(p)) return false;
    if (kind === 'loop' && LOOP_KINDS.has(p.type)) {
      // The loop's body, header or condition all run repeatedly; only the loop as a whole counts.
      return true;
    }
    if (kind === 'catch' && CATCH_KINDS.has(p.type)) return true;
    if (kind === 'try' && TRY_KINDS.has(p.type)) {
      const body = p.childForFieldName('body') ?? p.namedChildren.find((c) => c?.type === 'block' || c?.type === 'statement_block') ?? null;
      if (body && body.id === child.id) return true;
    }
  }
  return false;
}

/** The text of a string literal without its quotes, prefixes and delimiters. */
export function stringContent(node: Node): { text: string; offset: number } {
  const raw = node.text;
  const open = /^[A-Za-z@$]*("""|'''|"|'|`)/.exec(raw);
  let start = 0;
  let end = raw.length;
  if (open) {
    start = open[0].length;
    const quote = open[1];
    if (raw.endsWith(quote) && raw.length - quote.length >= start) end = raw.length - quote.length;
  } else if (raw.startsWith('`')) {
    start = 1;
    if (raw.endsWith('`')) end = raw.length - 1;
  }
  return { text: raw.slice(start, end), offset: node.startIndex + start };
}
