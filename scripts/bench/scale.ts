/**
 * Search at scale, through the same core code the extension runs: a generated set of N notes of
 * realistic length is built, saved and loaded in a worker thread (WorkerSearchIndex) while this
 * thread measures its own longest blocked stretch, then searched as you type through the worker
 * (what a user waits for) and directly; one changed note at a time is replaced, and the heap after
 * loading is reported.
 * Usage: node --expose-gc scale.cjs <repo root> <notes> <worker script> <scratch dir>
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SearchIndex } from '../../src/core/search/searchIndex';
import { WorkerSearchIndex } from '../../src/core/search/workerSearchIndex';
import { asYouType, generateCorpus } from './corpus';
import { loadNotes } from './notes';
import { blocking, SCALE_QUERIES } from './scaleCommon';
import { percentile } from './stats';

const [root, countArg, workerScript, scratch] = process.argv.slice(2);
const count = Number(countArg);
mkdirSync(scratch, { recursive: true });
const gc = () => (globalThis as { gc?: () => void }).gc?.();

async function main() {
  const { notes } = loadNotes(root);
  const corpus = generateCorpus(notes, count);
  const docsFile = join(scratch, `notes-${count}.jsonl`);
  const indexFile = join(scratch, `search-${count}.json`);
  writeFileSync(docsFile, corpus.map((n) => JSON.stringify(n.doc)).join('\n'));
  const sections = corpus.reduce((n, c) => n + c.doc.sections.length, 0);
  const words = corpus.reduce((n, c) => n + c.doc.sections.reduce((m, s) => m + s.text.split(' ').length, 0), 0);

  const worker = new WorkerSearchIndex(workerScript, { maxHeapMB: 8192 });
  const built = await blocking(() => worker.build(docsFile));
  const saved = await worker.save(indexFile);
  const loaded = await blocking(() => worker.load(indexFile));
  const typed = asYouType(SCALE_QUERIES);
  for (const q of typed) await worker.search(q); // warm-up
  const workerTimes: number[] = [];
  const searched = await blocking(async () => {
    for (let rep = 0; rep < 2; rep++) {
      for (const q of typed) {
        const t = performance.now();
        await worker.search(q);
        workerTimes.push(performance.now() - t);
      }
    }
  });
  const burst = await Promise.all(asYouType(['idempotency key']).map((q) => worker.search(q)));
  // One changed note at a time, as a save would send it, through the worker: the first runs cold.
  const updateTimes: number[] = [];
  let firstUpdateMs = 0;
  const updated = await blocking(async () => {
    for (let i = 0; i <= 60; i++) {
      const note = corpus[(i * 37) % corpus.length].doc;
      const changed = { ...note, sections: note.sections.map((s, j) => (j === 1 ? { ...s, text: `${s.text} revised ${i}` } : s)) };
      const { ms } = await worker.replace(changed);
      if (i === 0) firstUpdateMs = ms;
      else updateTimes.push(ms);
    }
  });
  await worker.dispose();

  // Here, directly: the heap one index takes, and search without the message round trip.
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const index = SearchIndex.loadJSON(readFileSync(indexFile, 'utf8'), indexFile);
  const directLoadMs = performance.now() - t0;
  gc();
  const heapMB = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  for (const q of typed) index.search(q); // warm-up
  const searchTimes: number[] = [];
  const slowest: [string, number][] = [];
  for (let rep = 0; rep < 2; rep++) {
    for (const q of typed) {
      const t = performance.now();
      index.search(q);
      const ms = performance.now() - t;
      searchTimes.push(ms);
      slowest.push([q, ms]);
    }
  }
  slowest.sort((a, b) => b[1] - a[1]);
  console.log(
    JSON.stringify({
      engine: 'MiniSearch',
      notes: count,
      sections,
      words,
      buildMs: built.result.ms,
      buildBlockedMs: built.maxBlockedMs,
      saveMs: saved.ms,
      indexMB: statSync(indexFile).size / 1e6,
      loadMs: loaded.result.ms,
      loadBlockedMs: loaded.maxBlockedMs,
      searchBlockedMs: Math.max(searched.maxBlockedMs, updated.maxBlockedMs),
      directLoadMs,
      heapMB,
      queries: typed.length,
      searchP50: percentile(searchTimes, 50),
      searchP95: percentile(searchTimes, 95),
      slowest: slowest.slice(0, 5).map(([q, ms]) => `${q} ${ms.toFixed(0)} ms`),
      workerSearchP50: percentile(workerTimes, 50),
      workerSearchP95: percentile(workerTimes, 95),
      burstAnswered: burst.filter((r) => r !== undefined).length,
      burstSent: burst.length,
      firstUpdateMs,
      updateP50: percentile(updateTimes, 50),
      updateP95: percentile(updateTimes, 95),
    }),
  );
}

void main();
