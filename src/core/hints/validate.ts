import type { Note, Problem } from '../note';
import { toRuleData } from '../note';
import { HintEngine } from './engine';
import type { GrammarLoader } from './grammars';
import { grammarsOf, RULE_LANGUAGES, type RuleLanguage, type TreeLanguage } from './languages';
import { compileQuery, lineOfOffset } from './query';

/**
 * The build's check of every hint rule, with the grammars loaded: each query compiles for each
 * grammar its language key covers, names only known predicates and captures, captures @hint in
 * every pattern; each example matches (or does not) as it says. Problems name the note file and
 * line. `scripts/build-notes.ts` and `scripts/check-rules.ts` both run exactly this.
 * Nothing here measures time: a busy machine cannot change the verdict.
 */

/** The VS Code language id an example of a rule language key is scanned as. */
const EXAMPLE_LANGUAGE_ID: Record<RuleLanguage, string> = {
  typescript: 'typescript',
  python: 'python',
  go: 'go',
  java: 'java',
  csharp: 'csharp',
  sql: 'sql',
};

export interface RuleCheckSummary {
  rules: number;
  examples: number;
}

export async function validateHintRules(notes: readonly Note[], loader: GrammarLoader): Promise<{ problems: Problem[]; summary: RuleCheckSummary }> {
  const problems: Problem[] = [];
  const summary: RuleCheckSummary = { rules: 0, examples: 0 };
  const ts = await loader.module();
  for (const note of notes) {
    for (const spec of note.hints) {
      summary.rules++;
      const who = `hint "${spec.id}"`;
      const add = (line: number, message: string) => problems.push({ file: note.file, line, message: `${who}: ${message}` });
      const broken = new Set<RuleLanguage>();
      for (const lang of Object.keys(spec.queries) as TreeLanguage[]) {
        const source = spec.queries[lang]!;
        const first = spec.lines.query[lang] ?? spec.line;
        const said = new Set<string>();
        for (const grammar of grammarsOf(lang)) {
          const language = await loader.language(grammar);
          const result = compileQuery(ts, language, source);
          if (result.ok) {
            result.compiled.query.delete();
            continue;
          }
          broken.add(lang);
          for (const p of result.problems) {
            const line = first + lineOfOffset(source, p.offset);
            // The same problem in both TypeScript grammars is said once.
            if (said.has(`${line}:${p.message}`)) continue;
            said.add(`${line}:${p.message}`);
            add(line, `query.${lang}${grammarsOf(lang).length > 1 ? ` (${grammar} grammar)` : ''}: ${p.message}`);
          }
        }
      }
      const rule = toRuleData(note.id, spec);
      for (const lang of broken) delete rule.queries[lang as TreeLanguage];
      const engine = new HintEngine([rule], loader);
      for (const lang of RULE_LANGUAGES) {
        const ex = spec.examples[lang];
        if (!ex || broken.has(lang)) continue;
        const lines = spec.lines.examples[lang];
        for (const kind of ['match', 'noMatch'] as const) {
          for (let n = 0; n < ex[kind].length; n++) {
            summary.examples++;
            const code = ex[kind][n];
            const line = lines?.[kind][n] ?? spec.line;
            let found: number;
            try {
              found = (await engine.scanText(code, EXAMPLE_LANGUAGE_ID[lang])).filter((h) => h.ruleId === spec.id).length;
            } catch (e) {
              add(line, `examples.${lang}.${kind}[${n + 1}] could not be scanned: ${(e as Error).message}`);
              continue;
            }
            if (kind === 'match' && found === 0) add(line, `examples.${lang}.match[${n + 1}] does not match: ${preview(code)}`);
            if (kind === 'noMatch' && found > 0) add(line, `examples.${lang}.noMatch[${n + 1}] matches: ${preview(code)}`);
          }
        }
      }
    }
  }
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { problems, summary };
}

function preview(code: string): string {
  const one = code.replace(/\s+/g, ' ').trim();
  return JSON.stringify(one.length > 70 ? one.slice(0, 67) + '...' : one);
}
