import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { HintWorkerClient, type HintTransport } from '../../src/core/hints/client';
import { packageWasmDirectory } from '../../src/core/hints/packageWasm';
import { nodeWorkerTransport } from '../../src/core/hints/nodeTransport';
import type { FromHintWorker, ToHintWorker } from '../../src/core/hints/protocol';
import type { Hint, HintRuleData } from '../../src/core/hints/rule';
import { HintService } from '../../src/core/hints/service';
import { engineOf, rule } from './hintHelpers';
import { ROOT } from './helpers';
import { PUMP_FILES } from '../../scripts/bench/pump';

const RULES: HintRuleData[] = [
  rule({ typescript: '(call_expression function: (identifier) @fn (#eq? @fn "fetch") arguments: (arguments) @args (#not-has-key? @args "signal")) @hint' }, { id: 'w-fetch' }),
  rule({ typescript: '(call_expression function: (identifier) @fn (#eq? @fn "query") (#inside? @fn "loop")) @hint' }, { id: 'w-query-loop' }),
  rule({ typescript: '(call_expression function: (member_expression property: (property_identifier) @p (#eq? @p "send")) (#not-function-contains? @p "idempotencyKey")) @hint' }, { id: 'w-send', tier: 'concept' }),
  rule({ typescript: '((identifier) @hint (#eq? @hint "neverMatchesAnything"))' }, { id: 'w-sql', sql: 'SELECT \\*' }),
  rule({ typescript: '((call_expression function: (member_expression property: (property_identifier) @p (#eq? @p "run"))) @hint (#file-contains? @hint "kafka(js)?\\b"))' }, { id: 'w-kafka', tier: 'concept' }),
];

/** One engine for the fresh parses the incremental results are compared with. */
const reference = engineOf(...RULES);
const key = (hs: Hint[]) => hs.map((h) => `${h.ruleId}@${h.start}-${h.end}:${h.line}:${h.column}-${h.endLine}:${h.endColumn}:${h.scope}`);

const shared = engineOf(...RULES);

/** A HintService driven in-process, with the messages the editor would send. */
class Driver {
  readonly service = new HintService(shared);
  private version = 1;
  private id = 1;
  text: string;
  constructor(
    readonly uri: string,
    text: string,
  ) {
    this.text = text;
  }
  async open(): Promise<void> {
    await this.service.handle({ type: 'open', uri: this.uri, languageId: 'typescript', version: this.version, text: this.text });
  }
  async edit(offset: number, length: number, insert: string): Promise<void> {
    this.text = this.text.slice(0, offset) + insert + this.text.slice(offset + length);
    await this.service.handle({ type: 'edit', uri: this.uri, version: ++this.version, changes: [{ offset, length, text: insert }] });
  }
  async scan(): Promise<FromHintWorker> {
    return (await this.service.handle({ type: 'scan', id: this.id++, uri: this.uri, version: this.version, budgetMs: 60_000 }))!;
  }
}

const SNIPPETS = [
  'async function load(u: string) {\n  const r = await fetch(u);\n  return r.json();\n}\n',
  'for (const id of ids) {\n  await query(id);\n}\n',
  'function pay(c: Client) {\n  c.send({ amount: 1 });\n}\n',
  'function payOnce(c: Client) {\n  c.send({ amount: 1, idempotencyKey: k });\n}\n',
  'const q = `SELECT * FROM orders`;\n',
  '// fetch(u)\n',
  'class A {\n  m() {\n    for (;;) { query(1); fetch(x, { signal }); }\n  }\n}\n',
  'let s = "fetch(u)";\n',
  'consumer.run({ eachMessage });\n',
  "import { Kafka } from 'kafkajs';\n",
];
const PIECES = ['kafka ', 'x.run()', 'fetch(u)', 'query(', 'for (;;) {', '}', '\n', '{', '// ', '"', '`', 'idempotencyKey', 'c.send()', ' ', ';', 'SELECT * ', 'function f() {'];

describe('hint worker service: incremental parsing', function () {
  this.timeout(120_000);

  it('after any series of edits, the hints equal those of a fresh parse of the same text', async () => {
    let incremental = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...SNIPPETS), { minLength: 2, maxLength: 8 }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.constantFrom(...PIECES)), { minLength: 1, maxLength: 12 }),
        async (parts, edits) => {
          const d = new Driver('mem://doc', parts.join(''));
          await d.open();
          const first = await d.scan();
          assert.equal(first.type, 'scanned');
          for (const [at, len, insert] of edits) {
            const offset = at % (d.text.length + 1);
            await d.edit(offset, Math.min(len, d.text.length - offset), insert);
            const got = await d.scan();
            assert.equal(got.type, 'scanned');
            if (got.type !== 'scanned') return;
            if (got.incremental) incremental++;
            const fresh = await reference.scanText(d.text, 'typescript');
            assert.deepEqual(key(got.hints), key(fresh), `after edit at ${offset}: ${JSON.stringify(d.text)}`);
          }
        },
      ),
      { numRuns: Number(process.env.HINT_RUNS ?? 30), seed: Number(process.env.HINT_SEED ?? 9) },
    );
    // Edits that leave the code without a syntax error are rescanned incrementally.
    assert.ok(incremental > 0, 'no rescan was incremental');
  });

  it('a gap in versions drops the copy; the scan then asks for the whole text', async () => {
    const d = new Driver('mem://gap', SNIPPETS[0]);
    await d.open();
    await d.service.handle({ type: 'edit', uri: d.uri, version: 5, changes: [{ offset: 0, length: 0, text: 'x' }] });
    assert.equal((await d.service.handle({ type: 'scan', id: 1, uri: d.uri, version: 5, budgetMs: 1000 }))?.type, 'unknown');
  });

  it('a scan with a deadline of 0 answers "stopped", and the next scan still works', async () => {
    const d = new Driver('mem://stop', SNIPPETS.join(''));
    await d.open();
    assert.equal((await d.service.handle({ type: 'scan', id: 1, uri: d.uri, version: 1, budgetMs: 0 }))?.type, 'stopped');
    const next = await d.scan();
    assert.equal(next.type, 'scanned');
  });
});

/** The worker script, run from source through tsx (the bundle is dist/hintWorker.js). */
function sourceWorker(): HintTransport {
  const entry = join(ROOT, 'src', 'core', 'hints', 'worker.ts');
  return nodeWorkerTransport(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, { wasmDir: packageWasmDirectory() }, { eval: true });
}

/** A transport to a worker that never answers a scan: stands for a scan stuck inside one call. */
function stuckWorker(log: string[]): HintTransport {
  let listener: ((m: FromHintWorker) => void) | undefined;
  return {
    post: (m: ToHintWorker) => {
      log.push(m.type);
      if (m.type === 'prepare') setImmediate(() => listener?.({ type: 'prepared', id: m.id, ms: 0 }));
    },
    onMessage: (l) => (listener = l),
    onExit: () => undefined,
    terminate: () => log.push('terminate'),
  };
}

describe('hint worker client', function () {
  this.timeout(120_000);

  it('scans in a worker thread, sends edits, and matches a fresh parse', async () => {
    const client = new HintWorkerClient(sourceWorker, RULES);
    try {
      let text = SNIPPETS.join('');
      const doc = (version: number) => ({ uri: 'file:///a.ts', languageId: 'typescript', version, text: () => text });
      const first = await client.scan(doc(1), 60_000);
      assert.equal(first.status, 'ok');
      const offset = text.indexOf('await fetch(u)');
      text = text.slice(0, offset) + 'await fetch(u, { signal })' + text.slice(offset + 'await fetch(u)'.length);
      client.edit('file:///a.ts', 2, [{ offset, length: 'await fetch(u)'.length, text: 'await fetch(u, { signal })' }]);
      const second = await client.scan({ ...doc(2), text: () => assert.fail('the worker holds version 1 and gets the edit; it must not ask for the text') }, 60_000);
      assert.equal(second.status, 'ok');
      if (second.status !== 'ok' || first.status !== 'ok') return;
      assert.equal(second.incremental, true);
      assert.deepEqual(key(second.hints), key(await reference.scanText(text, 'typescript')));
      assert.equal(second.hints.filter((h) => h.ruleId === 'w-fetch').length, first.hints.filter((h) => h.ruleId === 'w-fetch').length - 1);
    } finally {
      client.dispose();
    }
  });

  it('a scan past its deadline ends the worker, restarts it, and resolves "stopped" (never hangs)', async () => {
    const log: string[] = [];
    let spawned = 0;
    const client = new HintWorkerClient(() => (++spawned === 1 ? stuckWorker(log) : sourceWorker()), RULES, { killGraceMs: 0 });
    try {
      const doc = { uri: 'file:///b.ts', languageId: 'typescript', version: 1, text: () => SNIPPETS[0] };
      const stopped = await client.scan(doc, 50);
      assert.equal(stopped.status, 'stopped');
      if (stopped.status === 'stopped') assert.match(stopped.reason, /deadline of 50 ms; the hint worker was restarted/);
      assert.ok(log.includes('terminate'), 'the stuck worker was ended');
      assert.equal(client.restarts, 1);
      // The next scan gets a new worker, which is sent the whole text again.
      const next = await client.scan(doc, 60_000);
      assert.equal(next.status, 'ok');
      assert.equal(spawned, 2);
    } finally {
      client.dispose();
    }
  });

  it('scans run one at a time: one waiting behind a stuck scan gets its own deadline and a fresh worker', async () => {
    let spawned = 0;
    const client = new HintWorkerClient(() => (++spawned === 1 ? stuckWorker([]) : sourceWorker()), RULES, { killGraceMs: 0 });
    try {
      const a = client.scan({ uri: 'file:///a1.ts', languageId: 'typescript', version: 1, text: () => SNIPPETS[0] }, 50);
      const b = client.scan({ uri: 'file:///b1.ts', languageId: 'typescript', version: 1, text: () => SNIPPETS[1] }, 60_000);
      assert.equal((await a).status, 'stopped');
      assert.equal((await b).status, 'ok', 'the second scan was not ended with the first');
      assert.equal(spawned, 2);
    } finally {
      client.dispose();
    }
  });

  it('a cancelled request resolves "cancelled" at once', async () => {
    const client = new HintWorkerClient(() => stuckWorker([]), RULES);
    let cancel: (() => void) | undefined;
    const token = { isCancellationRequested: false, onCancellationRequested: (l: () => void) => ((cancel = l), { dispose: () => undefined }) };
    const pending = client.scan({ uri: 'file:///c.ts', languageId: 'typescript', version: 1, text: () => 'x' }, 60_000, token);
    await new Promise((r) => setTimeout(r, 20));
    token.isCancellationRequested = true;
    cancel?.();
    assert.equal((await pending).status, 'cancelled');
    client.dispose();
  });
});

// ---------------------------------------------------------------------------------------------
// The pump corpus: inputs that made the old regex engine backtrack or that stress a parser.

const PUMP = join(ROOT, 'test', 'fixtures', 'pump');

/** Writes the pump files (generated at test time; the folder is ignored by git). */
function pumpFiles(): { name: string; languageId: string }[] {
  mkdirSync(PUMP, { recursive: true });
  for (const f of PUMP_FILES) if (!existsSync(join(PUMP, f.name))) writeFileSync(join(PUMP, f.name), f.make());
  return PUMP_FILES;
}

describe('pump corpus', function () {
  this.timeout(300_000);
  const rules = [
    ...RULES,
    rule({ python: '(call function: (attribute attribute: (identifier) @v (#eq? @v "get")) arguments: (argument_list) @args (#not-has-key? @args "timeout")) @hint' }, { id: 'p-get' }),
    rule({ csharp: '(catch_clause) @hint' }, { id: 'p-catch' }),
    rule({ go: '(call_expression function: (identifier) @f (#match? @f "^g$")) @hint' }, { id: 'p-go' }),
    rule({ java: '((identifier) @hint (#match? @hint "^(?:\\\\w|\\\\d)+Retry$"))' }, { id: 'p-java' }),
  ];

  it('every pump file is scanned in the worker within its deadline, without throwing, and the host is told the outcome', async () => {
    const client = new HintWorkerClient(sourceWorker, rules);
    try {
      for (const { name, languageId } of pumpFiles()) {
        const text = readFileSync(join(PUMP, name), 'utf8');
        // A deadline generous enough for a busy machine; what is asserted is that the call
        // resolves with an outcome (never throws, never hangs), not how long it took.
        const outcome = await client.scan({ uri: `file:///${name}`, languageId, version: 1, text: () => text }, 60_000);
        assert.ok(outcome.status === 'ok' || outcome.status === 'stopped', `${name}: ${JSON.stringify(outcome).slice(0, 200)}`);
        if (outcome.status === 'ok') for (const h of outcome.hints) assert.ok(h.start >= 0 && h.end <= text.length, name);
      }
    } finally {
      client.dispose();
    }
  });

  it('the same files in-process give the expected hints: real matches survive, near-misses do not fire', async () => {
    pumpFiles();
    const e = engineOf(...rules);
    const ids = async (name: string, languageId: string) => [...new Set((await e.scanText(readFileSync(join(PUMP, name), 'utf8'), languageId)).map((h) => h.ruleId))];
    assert.deepEqual(await ids('whitespace-after-near-match.ts', 'typescript'), ['w-fetch']);
    assert.deepEqual(await ids('single-line-10mb.ts', 'typescript'), ['w-fetch']);
    // The identifier really is letters then Retry: RE2 says so in linear time, where a backtracking engine would not return.
    assert.deepEqual(await ids('retry-pump.java', 'java'), ['p-java']);
    assert.deepEqual(await ids('near-miss-sql.sql', 'sql'), []);
    assert.deepEqual(await ids('crlf.cs', 'csharp'), ['p-catch']);
  });
});
