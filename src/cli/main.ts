/**
 * The `engineering-notes` command line: the same core as the extension, from a terminal.
 * Usage: engineering-notes <command> [options]; commands: search.
 */
import { join } from 'node:path';
import { searchCommand, type CliIo } from './search';

const COMMANDS: Record<string, (argv: readonly string[], io: CliIo) => number> = {
  // The bundled knowledge base sits beside the bundle (dist/cli.js, dist/kb).
  search: (argv, io) => searchCommand(argv, process.env.ENGINEERING_NOTES_KB ?? join(__dirname, 'kb'), io),
};

export function main(argv: readonly string[], io: CliIo): number {
  const [command, ...rest] = argv;
  const run = command ? COMMANDS[command] : undefined;
  if (!run) {
    const usage = `usage: engineering-notes <command> [options]\ncommands: ${Object.keys(COMMANDS).join(', ')}`;
    if (command === '--help' || command === '-h') {
      io.out(usage);
      return 0;
    }
    io.err(command ? `engineering-notes: unknown command "${command}"\n${usage}` : usage);
    return 2;
  }
  return run(rest, io);
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l) });
}
