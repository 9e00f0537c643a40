// Shell quoting for display: the review page (and the CLI's advice) shows each step as the command
// line a person would type. Arguments made only of characters no POSIX shell
// treats specially stay bare; everything else is single-quoted, with an
// embedded quote spelled '\'' (close, escaped quote, reopen).
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quoteArg(arg: string): string {
  if (arg === '') return "''";
  if (SAFE.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function quoteCommand(argv: readonly string[]): string {
  return argv.map(quoteArg).join(' ');
}
