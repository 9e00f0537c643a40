// Whether a libvirtd answers on this machine (the first start's default host).
import { execFile } from 'node:child_process';
import { virsh, virshArgv } from './commands.ts';

export function localLibvirtdAnswers(uri = 'qemu:///system'): Promise<boolean> {
  const [program = 'virsh', ...args] = virshArgv(uri, virsh.uri());
  return new Promise((resolve) => {
    execFile(program, ['--quiet', ...args], { timeout: 5000 }, (err) => resolve(!err));
  });
}
