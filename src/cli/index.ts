/** Entry of `dist/cli.js` and `npm run scan` / `npm run search`: runs main() on the process's arguments. */
import { main } from './main';

Promise.resolve(main(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l) })).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`engineering-notes: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = 1;
  },
);
