import { runTs } from './run-ts.mjs';

await runTs('scripts/check-rules.ts');
