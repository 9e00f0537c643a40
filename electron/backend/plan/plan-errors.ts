// Errors the executor composes from other errors (a step failed, what undo
// did), kept as data: the message and the hint each stay a message the UI
// translates, whichever module made the error inside.
import { SpindleError, type ErrorCode } from '../../../shared/core/errors.ts';
import { hasMessage, type MessageKey, type Text } from '../../../shared/core/messages.ts';

/** An error's message as text: its catalog message when it has one, else its English. */
export function errorMessageText(e: SpindleError): Text {
  return e.msg ?? e.message;
}

/** An error's hint as text (the catalog's key + "Hint" when the error is a message), or undefined. */
export function errorHintText(e: SpindleError): Text | undefined {
  if (e.msg) {
    const key = `${e.msg.key}Hint`;
    return hasMessage(key) ? { key: key as MessageKey, ...(e.msg.params ? { params: e.msg.params } : {}) } : undefined;
  }
  return e.hint;
}

/**
 * An error with any message and any hint. A message whose own catalog hint
 * is the one wanted is used as it is; otherwise it is wrapped, so the hint
 * travels as a message too (the UI reads the hint as key + "Hint").
 */
export function composedError(code: ErrorCode, message: Text, hint: Text | undefined, details?: Record<string, string>): SpindleError {
  if (typeof message !== 'string') {
    const own = hasMessage(`${message.key}Hint`);
    const sameHint = typeof hint === 'object' && hint.key === `${message.key}Hint` && JSON.stringify(hint.params ?? {}) === JSON.stringify(message.params ?? {});
    if ((hint === undefined && !own) || sameHint) return SpindleError.of(code, message.key, message.params, undefined, details);
  }
  return hint === undefined ? SpindleError.of(code, 'plan.text', { text: message }, undefined, details) : SpindleError.of(code, 'plan.textHinted', { text: message, hint }, undefined, details);
}

export { joinTexts } from '../../../shared/core/messages.ts';

