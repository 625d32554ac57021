#!/usr/bin/env node
// Scores hints against the real-code corpus labels: precision and recall overall, per note, per
// language and per tier, for the tune split, the holdout split and both.
//
//   node scripts/corpus/score.mjs [--cache DIR] [--hints FILE | --scanner CMD] [--json] [corpus.jsonl ...]
//
// Hints come from `node dist/cli.js scan --format json <files>` run over the cached files, or from
// --scanner CMD (the file paths are appended to CMD, run by sh), or from --hints FILE holding that
// JSON array ({file, line, noteId, tier, ...}, 1-based lines). Fill the cache first with
// fill-cache.mjs; entries without a cached file are left out and reported loudly.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { DEFAULT_CACHE, ROOT, corpusFiles, fail, loadCorpus, parseArgs } from './io.mjs';
import { assignHints, cachePath, scoreCorpus, shown, toMarkdown } from './scoring.mjs';

const args = parseArgs(process.argv.slice(2), { values: ['--cache', '--hints', '--scanner'], flags: ['--json'] });
if (args.help) {
  process.stdout.write('usage: score.mjs [--cache DIR] [--hints FILE | --scanner CMD] [--json] [corpus.jsonl ...]\n');
  process.exit(0);
}
if (args.hints && args.scanner) fail('give --hints or --scanner, not both');
const cache = args.cache ?? DEFAULT_CACHE;
const entries = loadCorpus(corpusFiles(args._));

const missing = entries.filter((e) => !existsSync(cachePath(cache, e)));
const present = entries.filter((e) => !missing.includes(e));
if (missing.length > 0) {
  const list = missing.slice(0, 20).map((e) => `  ${e.repo}@${e.commit.slice(0, 10)} ${e.path}`).join('\n');
  process.stderr.write(
    `\n!!! WARNING: ${missing.length} of ${entries.length} corpus entries have NO CACHED FILE and are NOT scored.\n` +
      `!!! Run: node scripts/corpus/fill-cache.mjs --mirrors DIR\n${list}${missing.length > 20 ? `\n  ... and ${missing.length - 20} more` : ''}\n\n`,
  );
}
if (present.length === 0) fail('no corpus entry has a cached file: nothing to score');

function parseHints(text, from) {
  let hints;
  try {
    hints = JSON.parse(text);
  } catch (err) {
    fail(`${from}: not valid JSON (${err.message})`);
  }
  if (!Array.isArray(hints)) fail(`${from}: expected a JSON array of hints`);
  hints.forEach((h, i) => {
    if (h === null || typeof h !== 'object' || typeof h.file !== 'string' || !Number.isInteger(h.line) || typeof h.noteId !== 'string') {
      fail(`${from}: hint ${i + 1} needs "file" (string), "line" (integer) and "noteId" (string): ${JSON.stringify(h)}`);
    }
  });
  return hints;
}

let hints;
if (args.hints) {
  let text;
  try {
    text = readFileSync(args.hints, 'utf8');
  } catch (err) {
    fail(`${args.hints}: cannot read (${err.code ?? err.message})`);
  }
  hints = parseHints(text, args.hints);
} else {
  const cmd = args.scanner ?? `node ${JSON.stringify(`${ROOT}/dist/cli.js`)} scan --format json`;
  if (!args.scanner && !existsSync(`${ROOT}/dist/cli.js`)) {
    fail('dist/cli.js does not exist: build first (npm run build), or pass --scanner CMD or --hints FILE');
  }
  const files = present.map((e) => cachePath(cache, e));
  const run = spawnSync('sh', ['-c', `${cmd} "$@"`, 'scanner', ...files], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error) fail(`scanner could not start: ${run.error.message}`);
  if (run.status !== 0) fail(`scanner exited with ${run.status}:\n${run.stderr}`);
  hints = parseHints(run.stdout, `output of: ${cmd}`);
}

const { perEntry, stray } = assignHints(present, hints, cache);
const result = scoreCorpus(entries, perEntry, { missing, stray });
result.source = args.hints ? { hints: shown(args.hints) } : { scanner: args.scanner ?? 'node dist/cli.js scan --format json' };
process.stdout.write(args.json ? `${JSON.stringify(result, null, 2)}\n` : toMarkdown(result));
