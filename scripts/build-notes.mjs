import { runTs } from './run-ts.mjs';

await runTs('scripts/build-notes.ts');
