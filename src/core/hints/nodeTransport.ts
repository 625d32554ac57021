import { Worker } from 'node:worker_threads';
import type { HintTransport } from './client';
import type { FromHintWorker } from './protocol';

/** A HintTransport over a Node worker thread running `script` (the bundled worker.ts). */
export function nodeWorkerTransport(script: string, workerData: { wasmDir: string }, options: { eval?: boolean } = {}): HintTransport {
  const worker = new Worker(script, { workerData, eval: options.eval ?? false });
  // The worker must not keep a command-line run alive on its own.
  worker.unref();
  return {
    post: (m) => worker.postMessage(m),
    onMessage: (listener) => worker.on('message', (m: FromHintWorker) => listener(m)),
    onExit: (listener) => {
      worker.on('error', (e) => listener(e.message));
      worker.on('exit', (code) => listener(`exited with code ${code}`));
    },
    terminate: () => void worker.terminate(),
  };
}
