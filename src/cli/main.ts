/**
 * `engineering-notes <command> ...`: a small dispatcher; each command lives in its own file.
 */
const COMMANDS: Record<string, { summary: string; run: (args: string[]) => Promise<number> }> = {
  scan: { summary: 'print the code hints the editor would show for files and folders', run: async (args) => (await import('./scan')).runScan(args) },
};

function usage(): string {
  return ['usage: engineering-notes <command> [options]', '', 'commands:', ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`), '', 'Run `engineering-notes <command> --help` for its options.'].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`engineering-notes: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`engineering-notes: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = 1;
  },
);
