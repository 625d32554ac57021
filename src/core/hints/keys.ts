import type { Node } from '@vscode/tree-sitter-wasm';

/**
 * The names `#has-key?` looks at: keyword and named arguments, object and dict literal keys,
 * object-initializer members, keyed composite-literal fields and (Java) method-chain calls, on the
 * captured node itself and on object/dict literals passed directly as its arguments.
 */

const CALL_KINDS = new Set(['call_expression', 'call', 'method_invocation', 'invocation_expression', 'object_creation_expression', 'new_expression']);
const ARGUMENT_LIST_KINDS = new Set(['arguments', 'argument_list']);

function unquote(text: string): string {
  return text.replace(/^[A-Za-z@]*(["'`])([\s\S]*)\1$/, '$2');
}

function nameOfChild(node: Node | null): string | undefined {
  return node ? unquote(node.text) : undefined;
}

/** Keys written directly in a keyed container (object, dict, initializer, composite literal). */
function containerKeys(node: Node, out: Set<string>): boolean {
  switch (node.type) {
    case 'object': // TS/JS
    case 'dictionary': // Python
      for (const c of node.namedChildren) {
        if (!c) continue;
        if (c.type === 'pair') {
          const k = nameOfChild(c.childForFieldName('key'));
          if (k !== undefined) out.add(k);
        } else if (c.type === 'shorthand_property_identifier') out.add(c.text);
        else if (c.type === 'method_definition') {
          const k = nameOfChild(c.childForFieldName('name'));
          if (k !== undefined) out.add(k);
        }
      }
      return true;
    case 'initializer_expression': // C# object initializer `{ Timeout = ... }`
      for (const c of node.namedChildren) {
        if (c?.type === 'assignment_expression') {
          const k = nameOfChild(c.childForFieldName('left'));
          if (k !== undefined) out.add(k);
        }
      }
      return true;
    case 'composite_literal': // Go `http.Client{Timeout: ...}`
      return containerKeys(node.childForFieldName('body') ?? node, out);
    case 'literal_value':
      for (const c of node.namedChildren) {
        if (c?.type === 'keyed_element') {
          const key = c.namedChildren[0];
          const k = key ? key.text.trim() : undefined;
          if (k !== undefined) out.add(k);
        }
      }
      return true;
    case 'unary_expression': // Go `&http.Client{...}`
    case 'parenthesized_expression':
    case 'as_expression':
    case 'satisfies_expression': {
      const inner = node.namedChildren.find((c) => c !== null && c.type !== 'type_identifier') ?? null;
      return inner ? containerKeys(inner, out) : false;
    }
    default:
      return false;
  }
}

/** Keys of an argument list: keyword/named arguments and keyed literals passed directly. */
function argumentKeys(list: Node, out: Set<string>): void {
  for (const arg of list.namedChildren) {
    if (!arg) continue;
    if (arg.type === 'keyword_argument') {
      // Python `timeout=5`
      const k = nameOfChild(arg.childForFieldName('name'));
      if (k !== undefined) out.add(k);
    } else if (arg.type === 'argument') {
      // C# `name: value` (a name_colon child, or a `name` field in newer grammars)
      const nameColon = arg.namedChildren.find((c) => c?.type === 'name_colon');
      const named = nameColon ? nameColon.namedChildren[0] : arg.childForFieldName('name');
      if (named) out.add(named.text);
      const value = arg.namedChildren.find((c) => c !== null && c.type !== 'name_colon') ?? null;
      if (value) containerKeys(value, out);
    } else containerKeys(arg, out);
  }
}

/** Java: the names of calls chained on the same expression, `a.b().timeout(x).c()`. */
function chainNames(node: Node, out: Set<string>): void {
  let top = node;
  while (top.parent && (top.parent.type === 'method_invocation' || top.parent.type === 'field_access') && top.parent.childForFieldName('object')?.id === top.id) top = top.parent;
  for (let n: Node | null = top; n && (n.type === 'method_invocation' || n.type === 'field_access' || n.type === 'object_creation_expression'); n = n.childForFieldName('object')) {
    const name = n.childForFieldName('name');
    if (name) out.add(name.text);
    if (n.type === 'object_creation_expression') break;
  }
}

/** Every key name `#has-key?` counts for the node. */
export function keysOf(node: Node): Set<string> {
  const out = new Set<string>();
  if (containerKeys(node, out)) return out;
  if (ARGUMENT_LIST_KINDS.has(node.type)) {
    argumentKeys(node, out);
    if (node.parent?.type === 'method_invocation' || node.parent?.type === 'object_creation_expression') chainNames(node.parent, out);
    return out;
  }
  if (CALL_KINDS.has(node.type)) {
    const args = node.childForFieldName('arguments') ?? node.namedChildren.find((c) => c !== null && ARGUMENT_LIST_KINDS.has(c.type)) ?? null;
    if (args) argumentKeys(args, out);
    // C# `new HttpClient { Timeout = ... }`
    const init = node.childForFieldName('initializer') ?? node.namedChildren.find((c) => c?.type === 'initializer_expression') ?? null;
    if (init) containerKeys(init, out);
    if (node.type === 'method_invocation' || node.type === 'object_creation_expression') chainNames(node, out);
    return out;
  }
  // Any other expression: Java chains on it.
  chainNames(node, out);
  return out;
}
