/**
 * The `engineering-notes` command line: the same core as the extension, from a terminal.
 * Usage: engineering-notes <command> [options]; each command lives in its own file.
 */
import { join } from 'node:path';
import { searchCommand, type CliIo } from './search';

interface Command {
  summary: string;
  run: (argv: readonly string[], io: CliIo) => number | Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  scan: {
    summary: 'print the code hints the editor would show for files and folders',
    // Loaded on use: the hint engine and its grammars are not needed to search.
    run: async (argv) => (await import('./scan')).runScan([...argv]),
  },
  search: {
    summary: 'search the notes as the palette does',
    // The bundled knowledge base sits beside the bundle (dist/cli.js, dist/kb).
    run: (argv, io) => searchCommand(argv, process.env.ENGINEERING_NOTES_KB ?? join(__dirname, 'kb'), io),
  },
};

function usage(): string {
  return [
    'usage: engineering-notes <command> [options]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`),
    '',
    'Run `engineering-notes <command> --help` for its options.',
  ].join('\n');
}

/** Runs one command; the exit code (2 for a usage error). */
export function main(argv: readonly string[], io: CliIo): number | Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h') {
    io.out(usage());
    return 0;
  }
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    io.err(name ? `engineering-notes: unknown command "${name}"\n\n${usage()}` : usage());
    return 2;
  }
  return command.run(rest, io);
}
