/**
 * The previous engine (NoteIndex) at scale, kept only for the side-by-side rows of one bench run.
 * The search index at scale, through the same core code: a generated knowledge base of N notes of
 * realistic length is built, saved and loaded in a worker thread (WorkerNoteIndex) while this
 * thread measures its own longest blocked stretch; then loaded here directly (NoteIndex.load) for
 * memory, as-you-type search and one-note updates.
 * Usage: node --expose-gc scale.cjs <repo root> <notes> <worker script> <scratch dir>
 */
import { mkdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NoteIndex } from '../../src/core/noteIndex';
import { WorkerNoteIndex } from '../../src/core/workerNoteIndex';
import { asYouType, generateCorpus } from './corpus';
import { loadNotes } from './notes';
import { blocking, SCALE_QUERIES as QUERIES } from './scaleCommon';
import { percentile } from './stats';

const [root, countArg, workerScript, scratch] = process.argv.slice(2);
const count = Number(countArg);
mkdirSync(scratch, { recursive: true });

const gc = () => (globalThis as { gc?: () => void }).gc?.();

async function main() {
  const { notes } = loadNotes(root);
  const corpus = generateCorpus(notes, count);
  const docsFile = join(scratch, `corpus-${count}.jsonl`);
  const indexFile = join(scratch, `index-${count}.json`);
  writeFileSync(docsFile, corpus.flatMap((n) => n.docs.map((d) => JSON.stringify(d))).join('\n'));
  const sections = corpus.reduce((n, c) => n + c.docs.length, 0);
  const words = corpus.reduce((n, c) => n + c.docs.reduce((m, d) => m + d.text.split(' ').length, 0), 0);

  // In a worker: build, save, load again; this thread only waits and measures itself.
  const worker = new WorkerNoteIndex(workerScript, { maxHeapMB: 8192 });
  const built = await blocking(() => worker.build(docsFile));
  const saved = await worker.save(indexFile);
  const loaded = await blocking(() => worker.load(indexFile));
  const typed = asYouType(QUERIES);
  const workerTimes: number[] = [];
  for (const q of typed) await worker.query(q); // warm-up
  for (const q of typed) {
    const t = performance.now();
    await worker.query(q);
    workerTimes.push(performance.now() - t);
  }
  // Typing fast: every prefix posted at once, only the last one needs answering.
  const burst = await Promise.all(asYouType(['idempotency key']).map((q) => worker.query(q)));
  await worker.dispose();

  // Here, directly: memory, search and updates through NoteIndex itself.
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const index = NoteIndex.load(readFileSync(indexFile, 'utf8'));
  const directLoadMs = performance.now() - t0;
  gc();
  const heapMB = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  for (const q of typed) index.query(q); // warm-up
  const searchTimes: number[] = [];
  const slowest: [string, number][] = [];
  for (let rep = 0; rep < 2; rep++) {
    for (const q of typed) {
      const t = performance.now();
      index.query(q);
      const ms = performance.now() - t;
      searchTimes.push(ms);
      slowest.push([q, ms]);
    }
  }
  slowest.sort((a, b) => b[1] - a[1]);
  // One changed note at a time, as a save would send it. The first update runs cold (its code
  // has not been compiled yet) and is reported on its own; the p50/p95 are over the 60 after it
  // (21 samples made the p95 the second-worst single run, one garbage collection away from OVER).
  const updateTimes: number[] = [];
  let firstUpdateMs = 0;
  for (let i = 0; i <= 60; i++) {
    const note = corpus[(i * 37) % corpus.length];
    const changed = note.docs.map((d, j) => (j === 1 ? { ...d, text: `${d.text} revised ${i}` } : d));
    const t = performance.now();
    index.replaceSections(note.docs.map((d) => d.id), changed);
    if (i === 0) firstUpdateMs = performance.now() - t;
    else updateTimes.push(performance.now() - t);
  }
  console.log(
    JSON.stringify({
      engine: 'NoteIndex (previous)',
      notes: count,
      sections,
      words,
      buildMs: built.result.ms,
      buildBlockedMs: built.maxBlockedMs,
      saveMs: saved.ms,
      indexMB: statSync(indexFile).size / 1e6,
      loadMs: loaded.result.ms,
      loadBlockedMs: loaded.maxBlockedMs,
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
