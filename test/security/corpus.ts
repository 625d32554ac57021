import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One hostile input: Markdown for a note body, optionally with hostile front-matter fields. */
export interface HostileCase {
  name: string;
  /** Where it came from: a fixture file, or the generator that made it. */
  group: string;
  markdown: string;
  /** Front-matter fields to put in place of the harmless defaults (title, summary, topic, tags). */
  fields?: Partial<Record<'title' | 'summary' | 'topic', string>> & { tags?: string[] };
}

export const HOSTILE_DIR = join(__dirname, '..', 'fixtures', 'hostile');

/** Cases from test/fixtures/hostile/*.cases: `%%%% name` starts a case. */
export function fixtureCases(): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const file of readdirSync(HOSTILE_DIR).filter((f) => f.endsWith('.cases')).sort()) {
    const text = readFileSync(join(HOSTILE_DIR, file), 'utf8');
    const parts = text.split(/^%%%% (.+)\n/m);
    for (let i = 1; i < parts.length; i += 2) {
      cases.push({ name: parts[i].trim(), group: file.replace(/\.cases$/, ''), markdown: parts[i + 1] });
    }
  }
  return cases;
}

/** Destinations no link or image may keep. `L` is replaced by the case name. */
const HOSTILE_URLS: [string, string][] = [
  ['javascript', "javascript:__pwned('{L}')"],
  ['javascript-mixed-case', "JaVaScRiPt:__pwned('{L}')"],
  ['javascript-comment-newline', "javascript://%0A__pwned('{L}')"],
  ['javascript-entity', "&#106;avascript:__pwned('{L}')"],
  ['javascript-tab-entity', "java&#x09;script:__pwned('{L}')"],
  ['javascript-colon-entity', "javascript&#58;__pwned('{L}')"],
  ['data-html', "data:text/html,<script>__pwned('{L}')</script>"],
  ['data-html-base64', 'data:text/html;base64,PHNjcmlwdD5fX3B3bmVkKCdMJyk8L3NjcmlwdD4='],
  ['data-svg', "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='__pwned(1)'/>"],
  ['vbscript', "vbscript:msgbox('{L}')"],
  ['file', 'file:///etc/passwd'],
  ['command', 'command:workbench.action.quit'],
  ['vscode', 'vscode://ms-vscode.remote-server/x'],
  ['blob', 'blob:http://127.0.0.1/{L}'],
  ['protocol-relative', '//canary.invalid/{L}'],
  ['ftp', 'ftp://canary.invalid/{L}'],
  ['parent-path-note', '../secret.md'],
];

/** Every Markdown form a destination can take. `{U}` is the destination, `{N}` the case name. */
const LINK_FORMS: [string, string][] = [
  ['inline', '[click {N}]({U})'],
  ['inline-title', '[click {N}]({U} "title")'],
  ['inline-angle', '[click {N}](<{U}>)'],
  ['reference', '[click {N}][ref]\n\n[ref]: {U}'],
  ['reference-collapsed', '[ref][]\n\n[ref]: {U}'],
  ['reference-shortcut', '[ref]\n\n[ref]: {U}'],
  ['reference-angle-title', '[click {N}][ref]\n\n[ref]: <{U}> "title"'],
  ['autolink', '<{U}>'],
  ['bare-url', 'Go to {U} now.'],
  ['image', '![{N}]({U})'],
  ['image-reference', '![{N}][ref]\n\n[ref]: {U}'],
  ['image-in-link', '[![{N}]({U})]({U})'],
  ['in-heading', '## [click {N}]({U})'],
  ['in-table', '| a |\n|---|\n| [click {N}]({U}) |'],
  ['in-blockquote-list', '> - [click {N}]({U})'],
];

/** Every hostile destination in every link form. */
export function linkMatrixCases(): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const [urlName, url] of HOSTILE_URLS) {
    for (const [formName, form] of LINK_FORMS) {
      const name = `${formName}:${urlName}`;
      const u = url.replaceAll('{L}', name);
      cases.push({ name, group: 'link-matrix', markdown: form.replaceAll('{N}', name).replaceAll('{U}', u) + '\n' });
    }
  }
  return cases;
}

const FIELD_PAYLOADS = [
  '</title><script>__pwned("title")</script>',
  '"><img src=x onerror=__pwned("attr")>',
  "'><svg onload=__pwned('single')>",
  '<!--',
  '&lt;script&gt;__pwned("entity")&lt;/script&gt;',
  '\u2028</script><script>__pwned("ls")</script>',
];

/** Hostile front-matter values: they reach the header, the <title> and the related-notes list. */
export function fieldCases(): HostileCase[] {
  return FIELD_PAYLOADS.flatMap((p, i) => [
    { name: `title-${i}`, group: 'front-matter', markdown: 'Body.\n', fields: { title: p } },
    { name: `summary-topic-tags-${i}`, group: 'front-matter', markdown: '## Heading\n\nBody.\n', fields: { summary: p, topic: p, tags: [p] } },
  ]);
}

/** Very long lines and deep nesting: the renderer must finish and still emit nothing unsafe. */
export function longCases(): HostileCase[] {
  return [
    { name: 'long-line-then-link', group: 'long', markdown: 'a'.repeat(300_000) + " [x](javascript:__pwned('long-line-then-link'))\n" },
    { name: 'long-line-of-script', group: 'long', markdown: "<script>__pwned('long-line-of-script')</script>".repeat(5_000) + '\n' },
    { name: 'many-open-brackets', group: 'long', markdown: '['.repeat(50_000) + "x](javascript:__pwned('many-open-brackets'))\n" },
    { name: 'many-link-openers', group: 'long', markdown: '[a]('.repeat(20_000) + "javascript:__pwned('many-link-openers'))\n" },
    { name: 'deep-blockquote', group: 'long', markdown: '>'.repeat(5_000) + " <img src=x onerror=__pwned('deep-blockquote')>\n" },
    { name: 'deep-list', group: 'long', markdown: Array.from({ length: 500 }, (_, i) => ' '.repeat(i * 2) + '- x').join('\n') + "\n<script>__pwned('deep-list')</script>\n" },
    { name: 'emphasis-storm', group: 'long', markdown: '*a **a '.repeat(20_000) + "<script>__pwned('emphasis-storm')</script>\n" },
    { name: 'backtick-storm', group: 'long', markdown: '`'.repeat(30_000) + "<script>__pwned('backtick-storm')</script>\n" },
    { name: 'angle-storm', group: 'long', markdown: '<'.repeat(100_000) + "script>__pwned('angle-storm')</script>\n" },
    { name: 'many-references', group: 'long', markdown: Array.from({ length: 2_000 }, (_, i) => `[r${i}]: javascript:__pwned(${i})`).join('\n') + '\n\n' + Array.from({ length: 2_000 }, (_, i) => `[x][r${i}]`).join(' ') + '\n' },
    { name: 'many-headings', group: 'long', markdown: Array.from({ length: 3_000 }, () => '## "><script>__pwned(1)</script>').join('\n\n') + '\n' },
    { name: 'long-url', group: 'long', markdown: `[x](https://example.com/${'a'.repeat(100_000)}) [y](javascript:${'a'.repeat(100_000)})\n` },
  ];
}

export function allCases(): HostileCase[] {
  return [...fixtureCases(), ...linkMatrixCases(), ...fieldCases(), ...longCases()];
}
