/**
 * The pump corpus: inputs that made the old regex engine backtrack, or that stress a parser
 * (long whitespace after a near-match, 1-10 MB single lines, deep nesting, CRLF, NUL bytes).
 * Generated, never stored: the unit tests write them to test/fixtures/pump/ (git-ignored), the
 * bench scans them in memory.
 */
export interface PumpFile {
  name: string;
  languageId: string;
  make(): string;
}

export const PUMP_FILES: PumpFile[] = [
  { name: 'whitespace-after-near-match.ts', languageId: 'typescript', make: () => 'const r = fetch(url' + ' '.repeat(200_000) + '\n' + '\t'.repeat(100_000) + ')' },
  { name: 'single-line-1mb.js', languageId: 'javascript', make: () => 'var a=[' + '1,'.repeat(500_000) + '];' },
  { name: 'single-line-10mb.ts', languageId: 'typescript', make: () => 'const s = "' + 'x'.repeat(10 * 1024 * 1024) + '"; fetch(u);' },
  { name: 'deep-nesting.ts', languageId: 'typescript', make: () => 'const x = ' + '['.repeat(20_000) + ']'.repeat(20_000) + ';\nfetch(u);' },
  { name: 'deep-nesting.py', languageId: 'python', make: () => 'x = ' + '('.repeat(5_000) + ')'.repeat(5_000) + '\nrequests.get(u)\n' },
  { name: 'crlf.cs', languageId: 'csharp', make: () => Array.from({ length: 20_000 }, (_, i) => `class C${i} { void F() { try { G(); } catch (Exception e) { } } }`).join('\r\n') },
  { name: 'nul-bytes.go', languageId: 'go', make: () => 'package m\n' + 'func f() {\u0000 g(\u0000) }\n'.repeat(20_000) },
  { name: 'near-miss-sql.sql', languageId: 'sql', make: () => "SELECT '" + ' '.repeat(300_000) + '\n-- '.repeat(50_000) + '/*'.repeat(10_000) },
  { name: 'retry-pump.java', languageId: 'java', make: () => 'class A { void f() { ' + 'a'.repeat(200_000) + 'Retry( } }' },
];
