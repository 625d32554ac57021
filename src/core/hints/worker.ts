/**
 * The hint worker's entry for Node worker_threads (the desktop extension host). Bundled as
 * dist/hintWorker.js; the wasm files are found in `workerData.wasmDir`. All the work is in
 * HintService, which does not know the transport.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { HintEngine } from './engine';
import { GrammarLoader } from './grammars';
import { wasmFromDirectory } from './nodeWasm';
import type { FromHintWorker, ToHintWorker } from './protocol';
import { HintService } from './service';

const port = parentPort;
if (!port) throw new Error('hintWorker: must run in a worker thread');
const { wasmDir } = workerData as { wasmDir: string };
let service: HintService | undefined;

port.on('message', (message: ToHintWorker) => {
  if (message.type === 'init') {
    service = new HintService(new HintEngine(message.rules, new GrammarLoader(wasmFromDirectory(wasmDir))));
    return;
  }
  if (!service) {
    if ('id' in message) port.postMessage({ type: 'error', id: message.id, message: 'hint worker: no rules yet (init first)' } satisfies FromHintWorker);
    return;
  }
  service.handle(message).then(
    (reply) => reply && port.postMessage(reply),
    (e: unknown) => 'id' in message && port.postMessage({ type: 'error', id: message.id, message: (e as Error).message } satisfies FromHintWorker),
  );
});
