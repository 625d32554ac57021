/**
 * The bundled knowledge base as the extension uses it (NoteStore over dist/kb) and the reader page.
 * Modes (each prints one JSON line):
 *   first <kbDir> <query>          fresh process: time until the first search has answered (index ready),
 *                                  then, in a second fresh store, the same steps timed one by one
 *   search <kbDir> <reps>          warm searches over the fixed query list and its as-you-type prefixes
 *   reader-first <kbDir> <noteId>  fresh process: first render of a note (metadata, article, page)
 *   reader-warm <kbDir> <noteId> <reps>
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KB_FILES } from '../../src/core/knowledgeBase';
import { SearchIndex } from '../../src/core/search/searchIndex';
import { readerPage } from '../../src/core/readerHtml';
import { NoteStore } from '../../src/features/noteStore';
import { asYouType } from './corpus';
import { percentile } from './stats';

/** What people look for in this knowledge base, as they would type it. */
export const KB_QUERIES = [
  'retry budget',
  'idempotency key',
  'jitter',
  'timeout deadline',
  'outbox',
  'skip locked',
  'decode jwt verify',
  'tenant isolation',
  'dead letter queue',
  'circuit breaker',
  'optimistic update rollback',
  'n+1 query',
  'trace span',
  'feature flag rollout',
  'idempotncy',
];

const [mode, kbDir, arg, repsArg] = process.argv.slice(2);

function render(store: NoteStore, noteId: string): string {
  const note = store.note(noteId);
  return readerPage({
    nonce: randomBytes(18).toString('base64'),
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/reader.css',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/reader.js',
    articleHtml: store.article(noteId) ?? '<p>This note could not be loaded.</p>',
    noteId,
    title: note?.title ?? '',
    state: { current: { noteId, section: '' } },
  });
}

const out = (o: unknown) => console.log(JSON.stringify(o));

switch (mode) {
  case 'first': {
    const store = new NoteStore(kbDir);
    const t0 = performance.now();
    const hits = store.search(arg).length;
    const indexReadyMs = performance.now() - t0;
    // Where that time goes (warmer now, so these add up to less): the steps NoteStore takes.
    const t1 = performance.now();
    const raw = readFileSync(join(kbDir, KB_FILES.search), 'utf8');
    const t2 = performance.now();
    const data = JSON.parse(raw) as unknown;
    const t3 = performance.now();
    const index = SearchIndex.load(data, KB_FILES.search);
    const t4 = performance.now();
    index.search(arg);
    const t5 = performance.now();
    out({ indexReadyMs, hits, loadError: store.loadError, warmReadMs: t2 - t1, warmParseMs: t3 - t2, warmLoadMs: t4 - t3, warmQueryMs: t5 - t4 });
    break;
  }
  case 'search': {
    const store = new NoteStore(kbDir);
    const queries = [...KB_QUERIES, ...asYouType(KB_QUERIES)];
    for (const q of queries) store.search(q); // warm-up
    const times: number[] = [];
    for (let r = 0; r < Number(arg); r++) {
      for (const q of queries) {
        const t = performance.now();
        store.search(q);
        times.push(performance.now() - t);
      }
    }
    // The engine alone (no excerpts or picker items).
    const index = SearchIndex.loadJSON(readFileSync(join(kbDir, KB_FILES.search), 'utf8'), KB_FILES.search);
    for (const q of queries) index.search(q, { limit: 30 });
    const engine: number[] = [];
    for (let r = 0; r < Number(arg); r++) {
      for (const q of queries) {
        const t = performance.now();
        index.search(q, { limit: 30 });
        engine.push(performance.now() - t);
      }
    }
    out({ queries: queries.length, p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times), engineP50: percentile(engine, 50), engineP95: percentile(engine, 95), notes: store.notes.length });
    break;
  }
  case 'reader-first': {
    const store = new NoteStore(kbDir);
    const t0 = performance.now();
    const page = render(store, arg);
    out({ firstMs: performance.now() - t0, bytes: page.length });
    break;
  }
  case 'reader-warm': {
    const store = new NoteStore(kbDir);
    for (let i = 0; i < 50; i++) render(store, arg);
    const times: number[] = [];
    for (let i = 0; i < Number(repsArg); i++) {
      const t = performance.now();
      render(store, arg);
      times.push(performance.now() - t);
    }
    out({ p50: percentile(times, 50), p95: percentile(times, 95) });
    break;
  }
  default:
    throw new Error(`kb bench: unknown mode ${mode}`);
}
