import type { HintTransport } from './client';
import type { FromHintWorker } from './protocol';

/** A HintTransport over a Node worker thread running `script` (the bundled worker.ts). */
export function nodeWorkerTransport(script: string, workerData: { wasmDir: string }, options: { eval?: boolean } = {}): HintTransport {
  // Loaded here, on the first file that gets hints, not when the extension loads.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
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
