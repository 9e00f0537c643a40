// Quoting for POSIX shells and for virsh's own command parser. Both treat a
// single-quoted string literally, so one rule serves both: wrap every argument
// in single quotes and spell an embedded quote as '\'' (close, escaped quote,
// reopen). Measured against `virsh echo` and /bin/sh in the tests.
import { SpindleError } from '../../../shared/core/errors.ts';

export function assertArgumentSafe(arg: string): void {
  // A NUL byte cannot travel in argv: the OS would cut the string there and run
  // something other than what the user typed.
  if (arg.includes('\0')) {
    throw SpindleError.of('INVALID_ARGUMENT', 'transport.nulByte');
  }
}

export function shellQuote(arg: string): string {
  assertArgumentSafe(arg);
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Joins an argument array into one command line for `sh -c` on a remote host. */
export function shellJoin(argv: readonly string[]): string {
  if (argv.length === 0) throw SpindleError.of('INVALID_ARGUMENT', 'transport.emptyCommand');
  return argv.map(shellQuote).join(' ');
}
