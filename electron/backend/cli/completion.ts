// `spindle completion bash|zsh`: completion scripts generated from the
// registered commands (their words, flags, choices and what a value is), so
// they never fall behind the commands. Host names come from
// `spindle hosts list` at the moment of completing.
import { msg, type Msg } from '../../../shared/core/messages.ts';
import type { CliCommand, Flag } from './command.ts';

/** Renders a help text in the user's language. */
export type Say = (m: Msg) => string;

interface Tree {
  /** Command words -> the words that may follow (groups). */
  subs: Map<string, Array<{ word: string; summary: string }>>;
  /** Command words -> the command (leaves). */
  leaves: Map<string, CliCommand>;
}

function tree(commands: readonly CliCommand[], groups: Readonly<Record<string, Msg>>, say: Say): Tree {
  const subs = new Map<string, Array<{ word: string; summary: string }>>();
  const leaves = new Map<string, CliCommand>();
  for (const c of commands) {
    leaves.set(['spindle', ...c.path].join(' '), c);
    for (let i = 0; i < c.path.length; i++) {
      const key = ['spindle', ...c.path.slice(0, i)].join(' ');
      const word = c.path[i] ?? '';
      const list = subs.get(key) ?? [];
      const group = groups[c.path.slice(0, i + 1).join(' ')];
      const summary = i === c.path.length - 1 ? say(c.summary) : group ? say(group) : '';
      if (!list.some((s) => s.word === word)) list.push({ word, summary });
      subs.set(key, list);
    }
  }
  return { subs, leaves };
}

/** What completes a flag's value: its choices, or a kind (@file, @dir, @host, @any). */
function valueSpec(f: Flag): string {
  if (f.choices?.length) return f.choices.join(' ');
  return f.complete ? `@${f.complete}` : '@any';
}

// Words here are command names, flag names and enum values: letters, digits, - _ . /, never quotes.
const sq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export function bashCompletion(commands: readonly CliCommand[], groups: Readonly<Record<string, Msg>>, say: Say): string {
  const t = tree(commands, groups, say);
  const lines = [
    '# bash completion for spindle: source <(spindle completion bash)',
    '# (or save it as /etc/bash_completion.d/spindle)',
    'declare -gA _spindle_subs=(',
    ...[...t.subs].map(([k, v]) => `  [${sq(k)}]=${sq(v.map((s) => s.word).join(' '))}`),
    ')',
    'declare -gA _spindle_flags=(',
    ...[...t.leaves].map(([k, c]) => `  [${sq(k)}]=${sq([...c.flags.map((f) => `--${f.name}`), '--help'].join(' '))}`),
    ')',
    'declare -gA _spindle_values=(',
    ...[...t.leaves].flatMap(([k, c]) => c.flags.filter((f) => f.value).map((f) => `  [${sq(`${k} --${f.name}`)}]=${sq(valueSpec(f))}`)),
    ')',
    // A template literal: every ${ of bash is escaped as \${.
    `_spindle() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
  local path=spindle w i
  # The command's words so far: words that are not flags, flag values or a command's own arguments.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=\${COMP_WORDS[i]}
    if [[ $w == -* ]]; then
      [[ $w != *=* && -n \${_spindle_values["$path $w"]+x} ]] && ((i++))
    elif [[ -n \${_spindle_subs[$path]+x} ]]; then
      path="$path $w"
    fi
  done
  if [[ $cur != -* && $prev == --* && -n \${_spindle_values["$path $prev"]+x} ]]; then
    case \${_spindle_values["$path $prev"]} in
      @file) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;
      @dir) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")) ;;
      @host) COMPREPLY=($(compgen -W "$(spindle hosts list 2>/dev/null | awk 'NR > 1 && NF > 1 { print $1 }')" -- "$cur")) ;;
      @any) COMPREPLY=() ;;
      *) COMPREPLY=($(compgen -W "\${_spindle_values["$path $prev"]}" -- "$cur")) ;;
    esac
    return 0
  fi
  if [[ -n \${_spindle_subs[$path]+x} ]]; then
    if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '--help' -- "$cur")); else COMPREPLY=($(compgen -W "\${_spindle_subs[$path]}" -- "$cur")); fi
  elif [[ -n \${_spindle_flags[$path]+x} ]]; then
    COMPREPLY=($(compgen -W "\${_spindle_flags[$path]}" -- "$cur"))
  fi
  return 0
}
complete -F _spindle spindle`,
  ];
  return lines.join('\n') + '\n';
}

// zsh: _arguments specs, one case per command; [ ] : and \ in descriptions are escaped as zsh wants.
const zq = (s: string): string => s.replace(/[\\[\]:']/g, (c) => (c === "'" ? `'\\''` : `\\${c}`));

function zshFlag(f: Flag, say: Say): string {
  const what = zq(say(f.description));
  if (!f.value) return `'--${f.name}[${what}]'`;
  const action = f.choices?.length ? `(${f.choices.join(' ')})` : f.complete === 'file' ? '_files' : f.complete === 'dir' ? '_files -/' : f.complete === 'host' ? '_spindle_hosts' : ' ';
  return `'--${f.name}=[${what}]:${zq(f.value)}:${action}'`;
}

export function zshCompletion(commands: readonly CliCommand[], groups: Readonly<Record<string, Msg>>, say: Say): string {
  const t = tree(commands, groups, say);
  const cases = [
    ...[...t.subs].map(([k, v]) => `    ${sq(k)})\n      local -a subs=(${v.map((s) => sq(`${s.word}:${s.summary.replace(/:/g, '\\:')}`)).join(' ')})\n      _describe -t commands ${sq(say(msg('cli.help.zshTag')))} subs ;;`),
    ...[...t.leaves].map(([k, c]) => {
      const specs = [...c.flags.map((f) => zshFlag(f, say)), `'--help[${zq(say(msg('cli.help.helpOption')))}]'`, ...(c.args ?? []).map((a) => (a.variadic ? `'*:${zq(a.name)}: '` : `':${zq(a.name)}: '`))];
      return `    ${sq(k)})\n      _arguments -s ${specs.join(' ')} ;;`;
    }),
  ];
  return [
    '#compdef spindle',
    '# zsh completion for spindle: source <(spindle completion zsh)',
    '# (or save it as _spindle in a folder of $fpath)',
    '_spindle_hosts() {',
    "  local -a hosts=(${(f)\"$(spindle hosts list 2>/dev/null | awk 'NR > 1 && NF > 1 { print $1 }')\"})",
    "  compadd -a hosts",
    '}',
    '_spindle() {',
    '  local path_=spindle i=2 n=1 w',
    '  local -A leaves=(' + [...t.leaves.keys()].map((k) => `${sq(k)} 1`).join(' ') + ')',
    '  local -A subs=(' + [...t.subs.keys()].map((k) => `${sq(k)} 1`).join(' ') + ')',
    '  # The command words before the cursor (flags and their values are left to _arguments).',
    '  while (( i < CURRENT )); do',
    '    w=${words[i]}',
    '    if [[ $w != -* ]] && (( ${+subs[$path_]} )); then path_="$path_ $w"; n=$i; fi',
    '    (( i++ ))',
    '  done',
    '  if (( ${+leaves[$path_]} )); then',
    '    # What _arguments sees starts at the command\'s last word.',
    '    shift $(( n - 1 )) words',
    '    (( CURRENT -= n - 1 ))',
    '  fi',
    '  case $path_ in',
    ...cases,
    '  esac',
    '}',
    'compdef _spindle spindle 2>/dev/null',
    '',
  ].join('\n');
}
