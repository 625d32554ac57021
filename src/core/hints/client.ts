import type { FromHintWorker, TextChange, ToHintWorker } from './protocol';
import type { Hint, HintRuleData } from './rule';

/**
 * The editor's side of the hint worker. The transport is abstract (worker_threads today, a Web
 * Worker later). Every scan has a deadline: the worker stops itself at it, and if it has not
 * answered shortly after (a scan stuck inside one call), the worker is ended and a new one started,
 * and the scan resolves to `stopped`. A caller never waits past the deadline plus that grace.
 */

export interface HintTransport {
  post(message: ToHintWorker): void;
  onMessage(listener: (message: FromHintWorker) => void): void;
  /** Called when the worker dies on its own (crash, out of memory). */
  onExit(listener: (reason: string) => void): void;
  terminate(): void;
}

/** Cancellation as the core sees it: VS Code's CancellationToken fits this shape. */
export interface HintCancellation {
  readonly isCancellationRequested: boolean;
  onCancellationRequested?(listener: () => void): { dispose(): void };
}

export type ScanOutcome =
  | { status: 'ok'; hints: Hint[]; ms: number; incremental: boolean }
  | { status: 'stopped'; reason: string }
  | { status: 'cancelled' }
  | { status: 'error'; message: string };

export interface ScanRequest {
  uri: string;
  languageId: string;
  version: number;
  /** The document's whole text, asked for only when the worker does not hold this version. */
  text(): string;
}

export interface ClientOptions {
  /** After the deadline, how long the worker may take to say it stopped before it is ended. */
  killGraceMs?: number;
  /** Deadline for loading a grammar and compiling its rules (once per language per worker). */
  prepareDeadlineMs?: number;
}

interface Pending {
  resolve: (m: FromHintWorker | undefined) => void;
}

interface Worker {
  transport: HintTransport;
  pending: Map<number, Pending>;
  /** Version of each document the worker holds. */
  synced: Map<string, number>;
  prepared: Map<string, Promise<boolean>>;
  dead: boolean;
}

export class HintWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private disposed = false;
  /** How many times a worker was ended for passing a deadline (or died) and replaced. */
  restarts = 0;
  private readonly killGraceMs: number;
  private readonly prepareDeadlineMs: number;

  constructor(
    private readonly spawn: () => HintTransport,
    private readonly rules: readonly HintRuleData[],
    options: ClientOptions = {},
  ) {
    this.killGraceMs = options.killGraceMs ?? 100;
    this.prepareDeadlineMs = options.prepareDeadlineMs ?? 30_000;
  }

  /** Tells the worker about an edit when it holds the previous version; otherwise the next scan resends the text. */
  edit(uri: string, version: number, changes: TextChange[]): void {
    const w = this.worker;
    if (!w || w.dead) return;
    if (w.synced.get(uri) !== version - 1) {
      if (w.synced.delete(uri)) w.transport.post({ type: 'close', uri });
      return;
    }
    w.synced.set(uri, version);
    w.transport.post({ type: 'edit', uri, version, changes });
  }

  close(uri: string): void {
    const w = this.worker;
    if (w && !w.dead && w.synced.delete(uri)) w.transport.post({ type: 'close', uri });
  }

  private queue: Promise<unknown> = Promise.resolve();

  /**
   * Scans the document within `deadlineMs`; never rejects, never waits much past the deadline.
   * Scans run one at a time and a scan's deadline starts when it is sent, so a scan waiting behind
   * a long one is not counted as stuck (and does not end the worker under it).
   */
  scan(doc: ScanRequest, deadlineMs: number, token?: HintCancellation): Promise<ScanOutcome> {
    const run = this.queue.then(() => this.scanNow(doc, deadlineMs, token));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async scanNow(doc: ScanRequest, deadlineMs: number, token?: HintCancellation): Promise<ScanOutcome> {
    if (this.disposed) return { status: 'error', message: 'hint worker disposed' };
    if (token?.isCancellationRequested) return { status: 'cancelled' };
    const w = this.ensure();
    let prepared = w.prepared.get(doc.languageId);
    if (!prepared) {
      prepared = this.request(w, (id) => ({ type: 'prepare', id, languageId: doc.languageId }), this.prepareDeadlineMs).then((r) => r?.type === 'prepared');
      w.prepared.set(doc.languageId, prepared);
    }
    if (!(await prepared)) {
      w.prepared.delete(doc.languageId);
      return { status: 'stopped', reason: `loading the ${doc.languageId} grammar did not finish within ${this.prepareDeadlineMs} ms` };
    }
    if (w.dead) return { status: 'stopped', reason: 'the hint worker was restarted' };
    for (let attempt = 0; attempt < 2; attempt++) {
      if (token?.isCancellationRequested) return { status: 'cancelled' };
      if (w.synced.get(doc.uri) !== doc.version) {
        w.transport.post({ type: 'open', uri: doc.uri, languageId: doc.languageId, version: doc.version, text: doc.text() });
        w.synced.set(doc.uri, doc.version);
      }
      const reply = await this.request(w, (id) => ({ type: 'scan', id, uri: doc.uri, version: doc.version, budgetMs: deadlineMs }), deadlineMs + this.killGraceMs, token);
      if (token?.isCancellationRequested) return { status: 'cancelled' };
      if (!reply) return { status: 'stopped', reason: `the scan passed its deadline of ${deadlineMs} ms; the hint worker was restarted` };
      switch (reply.type) {
        case 'scanned':
          return { status: 'ok', hints: reply.hints, ms: reply.ms, incremental: reply.incremental };
        case 'stopped':
          return { status: 'stopped', reason: `the scan stopped at its deadline of ${deadlineMs} ms` };
        case 'error':
          return { status: 'error', message: reply.message };
        case 'unknown':
          w.synced.delete(doc.uri);
          continue;
        default:
          return { status: 'error', message: `unexpected reply ${reply.type}` };
      }
    }
    return { status: 'error', message: 'the hint worker lost the document twice' };
  }

  dispose(): void {
    this.disposed = true;
    if (this.worker) this.kill(this.worker);
    this.worker = undefined;
  }

  private ensure(): Worker {
    if (this.worker && !this.worker.dead) return this.worker;
    const transport = this.spawn();
    const w: Worker = { transport, pending: new Map(), synced: new Map(), prepared: new Map(), dead: false };
    transport.onMessage((m) => {
      const p = w.pending.get(m.id);
      if (!p) return;
      w.pending.delete(m.id);
      p.resolve(m);
    });
    transport.onExit(() => {
      if (w.dead) return;
      this.restarts++;
      this.kill(w);
    });
    transport.post({ type: 'init', rules: [...this.rules] });
    this.worker = w;
    return w;
  }

  /** Ends the worker: every request still waiting on it resolves to undefined (stopped). */
  private kill(w: Worker): void {
    if (w.dead) return;
    w.dead = true;
    try {
      w.transport.terminate();
    } catch {
      // already gone
    }
    for (const p of w.pending.values()) p.resolve(undefined);
    w.pending.clear();
    if (this.worker === w) this.worker = undefined;
  }

  private request(w: Worker, make: (id: number) => ToHintWorker, deadlineMs: number, token?: HintCancellation): Promise<FromHintWorker | undefined> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const cancel: { sub?: { dispose(): void } } = {};
      const timer = setTimeout(() => {
        // Past the deadline: the worker is stuck. End it; the next scan starts a fresh one.
        this.restarts++;
        this.kill(w);
      }, Math.max(0, deadlineMs));
      const done = (m: FromHintWorker | undefined) => {
        clearTimeout(timer);
        cancel.sub?.dispose();
        resolve(m);
      };
      w.pending.set(id, { resolve: done });
      cancel.sub = token?.onCancellationRequested?.(() => {
        if (w.pending.delete(id)) done(undefined);
      });
      w.transport.post(make(id));
    });
  }
}
