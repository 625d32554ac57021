import type { SectionText } from './documents';
import { tokenize } from './documents';
import type { FormMatch } from './queryPolicy';

/**
 * Choosing the section a hit opens at: MiniSearch ranks notes; within the note, the section whose
 * heading and text hold the most query words, and the best forms of them, wins. Ours because
 * MiniSearch has no notion of a document's parts.
 */

/** A section's terms, counted once per note and kept while the note is unchanged. */
export interface SectionTerms {
  heading: Set<string>;
  text: Map<string, number>;
  length: number;
}

export function sectionTerms(sections: readonly SectionText[]): SectionTerms[] {
  return sections.map((s) => {
    const text = new Map<string, number>();
    const words = tokenize(s.text);
    for (const t of words) text.set(t, (text.get(t) ?? 0) + 1);
    return { heading: new Set(tokenize(s.heading)), text, length: words.length };
  });
}

const HEADING_BOOST = 4;
const K = 1.2;
const B = 0.7;

export interface Landing {
  /** Index of the chosen section. */
  section: number;
  /** Per query word, the best form found in that section (for excerpts). */
  forms: string[];
}

/**
 * The best section for the forms a note matched (each with the query words it answers). A note
 * matched on its title, summary or tags alone lands on its first section.
 */
export function chooseSection(terms: readonly SectionTerms[], forms: ReadonlyMap<string, FormMatch[]>, wordCount: number): Landing {
  const avg = Math.max(1, terms.reduce((n, s) => n + s.length, 0) / Math.max(1, terms.length));
  let best = 0;
  let bestScore = 0;
  let bestForms: string[] = [];
  terms.forEach((s, index) => {
    const perWord = new Array<number>(wordCount).fill(0);
    const formOf = new Array<string>(wordCount);
    for (const [form, matches] of forms) {
      const tf = s.text.get(form) ?? 0;
      const inHeading = s.heading.has(form);
      if (!tf && !inHeading) continue;
      const tfScore = tf ? (tf * (K + 1)) / (tf + K * (1 - B + (B * s.length) / avg)) : 0;
      for (const m of matches) {
        const score = m.weight * ((inHeading ? HEADING_BOOST : 0) + tfScore);
        if (score > perWord[m.word]) {
          perWord[m.word] = score;
          formOf[m.word] = form;
        }
      }
    }
    const covered = perWord.filter((x) => x > 0).length;
    const total = perWord.reduce((a, b) => a + b, 0) * covered;
    if (total > bestScore) {
      bestScore = total;
      best = index;
      bestForms = formOf.filter((f) => f !== undefined);
    }
  });
  return { section: best, forms: bestForms };
}
