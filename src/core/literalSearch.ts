/**
 * Finds every occurrence (overlapping ones included) of many ASCII literals in one pass over a
 * text: an Aho-Corasick automaton compiled to a table, run over the text with ASCII letters folded
 * to lower case (callers check case-sensitive literals against the text as written).
 *
 * Case-insensitive literals follow JavaScript's `i` flag closely enough to be safe: besides ASCII
 * case, the only characters that fold to ASCII letters are U+017F (long s) and U+212A (Kelvin
 * sign), under `/iu`; both are folded here too, so no occurrence a regex would see is missed.
 */
export class LiteralSearch {
  private readonly lengths: Int32Array;
  /** Symbol of each ASCII code unit (0 for characters no literal uses). */
  private readonly symbols = new Uint8Array(128);
  private readonly width: number;
  /**
   * Transitions: `delta[row + symbol]` is the next state's row (state * width), or, when literals
   * end in that state, its number bitwise negated (`~state`), so the loop tests one sign per character.
   */
  private readonly delta: Int32Array;
  /** Literal ids ending at each state (its own and along the failure links), as [start, end) into `outIds`. */
  private readonly outStart: Int32Array;
  private readonly outIds: Int32Array;

  /** `literals` must be non-empty ASCII strings; a literal's id is its index. */
  constructor(literals: readonly string[]) {
    this.lengths = Int32Array.from(literals, (l) => l.length);
    const fold = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
    let width = 1;
    for (const l of literals) {
      for (let i = 0; i < l.length; i++) {
        const c = fold(l.charCodeAt(i));
        if (c > 127) throw new Error('LiteralSearch: literals must be ASCII');
        if (this.symbols[c] === 0) this.symbols[c] = width++;
      }
    }
    for (let c = 65; c <= 90; c++) this.symbols[c] = this.symbols[c + 32];
    this.width = width;

    // The trie.
    const next: number[][] = [new Array<number>(width).fill(-1)];
    const ends: number[][] = [[]];
    literals.forEach((l, id) => {
      let state = 0;
      for (let i = 0; i < l.length; i++) {
        const sym = this.symbols[fold(l.charCodeAt(i))];
        if (next[state][sym] === -1) {
          next[state][sym] = next.length;
          next.push(new Array<number>(width).fill(-1));
          ends.push([]);
        }
        state = next[state][sym];
      }
      ends[state].push(id);
    });

    // Failure links, breadth first, turning the trie into a full transition table.
    const states = next.length;
    const delta = new Int32Array(states * width);
    const fail = new Int32Array(states);
    const outputs: number[][] = ends.map((e) => [...e]);
    const queue: number[] = [];
    for (let sym = 0; sym < width; sym++) {
      const t = next[0][sym];
      delta[sym] = t === -1 ? 0 : t;
      if (t !== -1) queue.push(t);
    }
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head];
      outputs[s].push(...outputs[fail[s]]);
      for (let sym = 0; sym < width; sym++) {
        const t = next[s][sym];
        if (t === -1) delta[s * width + sym] = delta[fail[s] * width + sym];
        else {
          fail[t] = delta[fail[s] * width + sym];
          delta[s * width + sym] = t;
          queue.push(t);
        }
      }
    }
    for (let i = 0; i < delta.length; i++) {
      const t = delta[i];
      delta[i] = outputs[t].length ? ~t : t * width;
    }
    this.delta = delta;
    this.outStart = new Int32Array(states + 1);
    const flat: number[] = [];
    for (let s = 0; s < states; s++) {
      this.outStart[s] = flat.length;
      flat.push(...outputs[s]);
    }
    this.outStart[states] = flat.length;
    this.outIds = Int32Array.from(flat);
  }

  /**
   * Every occurrence of every literal, case folded: the start offsets of literal `id`'s
   * occurrences are `offsets[begin[id]]` up to `offsets[begin[id + 1]]`, in text order.
   * A literal given as case-sensitive may be reported where only its case-folded form occurs;
   * callers check those against the text.
   */
  findAll(text: string): Occurrences {
    const { symbols, delta, width, outStart, outIds } = this;
    const longS = symbols[115]; // s
    const kelvin = symbols[107]; // k
    // Pairs of (literal id, end offset), in text order.
    let hits = new Int32Array(1024);
    let count = 0;
    let row = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      const c = text.charCodeAt(i);
      const t = delta[row + (c < 128 ? symbols[c] : c === 0x17f ? longS : c === 0x212a ? kelvin : 0)];
      if (t >= 0) {
        row = t;
        continue;
      }
      const state = ~t;
      row = state * width;
      const to = outStart[state + 1];
      for (let k = outStart[state]; k < to; k++) {
        if (count + 2 > hits.length) {
          const bigger = new Int32Array(hits.length * 2);
          bigger.set(hits);
          hits = bigger;
        }
        hits[count++] = outIds[k];
        hits[count++] = i;
      }
    }
    // Group by literal (a counting sort keeps text order within each).
    const ids = this.lengths.length;
    const begin = new Int32Array(ids + 1);
    for (let k = 0; k < count; k += 2) begin[hits[k] + 1]++;
    for (let id = 0; id < ids; id++) begin[id + 1] += begin[id];
    const fill = begin.slice(0, ids);
    const offsets = new Int32Array(count / 2);
    for (let k = 0; k < count; k += 2) {
      const id = hits[k];
      offsets[fill[id]++] = hits[k + 1] - this.lengths[id] + 1;
    }
    return { offsets, begin };
  }
}

export interface Occurrences {
  offsets: Int32Array;
  begin: Int32Array;
}
