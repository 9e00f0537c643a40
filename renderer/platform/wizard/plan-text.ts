// A plan as text: each step's command line as shown on the review page, all
// of them for the clipboard, and the backend's script as a download.
import { downloadBlob } from '../components/download.ts';
import type { PlanInfo, PlanStepInfo } from '../../../shared/contract/ops.ts';
import { quoteCommand } from '../../../shared/core/shell-quote.ts';

/** The command exactly as it runs: through "sudo -n --" when the host uses sudo. */
export function stepArgv(step: PlanStepInfo): string[] {
  return step.sudo ? ['sudo', '-n', '--', ...step.argv] : step.argv;
}

export function stepCommandLine(step: PlanStepInfo): string {
  return quoteCommand(stepArgv(step));
}

/**
 * Every step as runnable shell: a here-document for input, a comment in place
 * of a secret (it is never copied anywhere).
 */
export function planCommands(plan: PlanInfo, secretComment: string): string {
  return plan.steps
    .map((s) => {
      const cmd = stepCommandLine(s);
      if (s.secretStdin) return `# ${secretComment}\n${cmd}`;
      if (s.stdin === undefined) return cmd;
      let tag = 'EOF';
      while (s.stdin.includes(tag)) tag += '_';
      return `${cmd} <<'${tag}'\n${s.stdin.replace(/\n$/, '')}\n${tag}`;
    })
    .join('\n\n');
}

/** A file name for the exported script: "spindle-attach-vdc.sh" style, ASCII only. */
export function scriptFileName(kind: string, detail = ''): string {
  const slug = `${kind}-${detail}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `spindle-${slug || 'plan'}.sh`;
}

/** Saves the script through the browser's download. */
export function downloadText(text: string, fileName: string): void {
  downloadBlob(new Blob([text], { type: 'text/x-shellscript' }), fileName);
}
