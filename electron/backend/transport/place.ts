// Where a command ran, as a message part: the local runner's label is the
// words "this machine", which a Chinese sentence must not carry in English;
// an SSH runner's label (user@host:port) is a name and stays as it is.
import { msg, type Msg } from '../../../shared/core/messages.ts';

/** LocalRunner's label. */
export const LOCAL_LABEL = 'this machine';

export function place(where: string): Msg {
  return where === LOCAL_LABEL ? msg('transport.thisMachine') : msg('transport.remoteHost', { label: where });
}
