#!/usr/bin/env node
// Fills .cache/corpus/<owner>/<name>/<commit>/<path> from local git mirrors for every corpus entry,
// so score.mjs can scan the exact recorded versions. The repository itself holds references only.
//
//   node scripts/corpus/fill-cache.mjs [--mirrors DIR] [--cache DIR] [--force] [corpus.jsonl ...]
//
// A mirror of owner/name is looked for at DIR/owner+name/repo, DIR/owner+name, DIR/owner/name
// (bare or with a .git folder). Exit code 1 when any file could not be had; each is listed with why.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_CACHE, DEFAULT_MIRRORS, corpusFiles, loadCorpus, parseArgs } from './io.mjs';
import { cachePath, shown } from './scoring.mjs';

const args = parseArgs(process.argv.slice(2), { values: ['--mirrors', '--cache'], flags: ['--force'] });
if (args.help) {
  process.stdout.write('usage: fill-cache.mjs [--mirrors DIR] [--cache DIR] [--force] [corpus.jsonl ...]\n');
  process.exit(0);
}
const mirrors = args.mirrors ?? DEFAULT_MIRRORS;
const cache = args.cache ?? DEFAULT_CACHE;
const entries = loadCorpus(corpusFiles(args._));

function git(gitDir, ...rest) {
  return execFileSync('git', ['--git-dir', gitDir, ...rest], { maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

const gitDirs = new Map();
function mirrorOf(repo) {
  if (gitDirs.has(repo)) return gitDirs.get(repo);
  const [owner, name] = repo.split('/');
  const candidates = [
    join(mirrors, `${owner}+${name}`, 'repo'),
    join(mirrors, `${owner}+${name}`),
    join(mirrors, owner, name),
  ].flatMap((d) => [d, join(d, '.git')]);
  let found;
  for (const d of candidates) {
    if (!existsSync(d)) continue;
    try {
      git(d, 'rev-parse', '--git-dir');
      found = d;
      break;
    } catch {
      // not a git directory; try the next spelling
    }
  }
  gitDirs.set(repo, found);
  return found;
}

let copied = 0;
let present = 0;
const failures = [];
for (const e of entries) {
  const target = cachePath(cache, e);
  if (!args.force && existsSync(target)) {
    present += 1;
    continue;
  }
  const dir = mirrorOf(e.repo);
  if (!dir) {
    failures.push(`${e.repo} ${e.path}: no mirror of ${e.repo} under ${mirrors}`);
    continue;
  }
  try {
    git(dir, 'cat-file', '-e', `${e.commit}^{commit}`);
  } catch {
    failures.push(`${e.repo} ${e.path}: commit ${e.commit} is not in the mirror ${dir}`);
    continue;
  }
  let bytes;
  try {
    bytes = git(dir, 'show', `${e.commit}:${e.path}`);
  } catch {
    failures.push(`${e.repo} ${e.path}: no such file at commit ${e.commit}`);
    continue;
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, bytes);
  copied += 1;
}

process.stdout.write(`${entries.length} entries: ${copied} copied, ${present} already cached, ${failures.length} missing (cache: ${shown(cache)})\n`);
if (failures.length > 0) {
  process.stderr.write(`MISSING ${failures.length} file(s):\n  ${failures.join('\n  ')}\n`);
  process.exit(1);
}
