// TEMPORARY, deleted with legacy-scan.ts: runs it (TypeScript sharing src/core) with the file arguments.
import { runTs } from '../run-ts.mjs';

await runTs('scripts/corpus/legacy-scan.ts');
