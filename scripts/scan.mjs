// `npm run scan -- PATH...`: runs the command line (src/cli/index.ts) from source, rules from notes/.
import { runTs } from './run-ts.mjs';

process.argv.splice(2, 0, 'scan');
await runTs('src/cli/index.ts');
