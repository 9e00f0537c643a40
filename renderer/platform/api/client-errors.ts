// Errors the client itself produces (the socket dropped, a reply did not match
// the contract). The backend's own errors arrive as English text; these are
// ours, so they are translated.
import i18n from 'i18next';
import type { ErrorCode, ErrorInfo } from '../../../shared/core/errors.ts';

export function clientError(code: ErrorCode, key: string, vars: Record<string, string> = {}): ErrorInfo {
  return { code, message: i18n.t(`clientErrors.${key}`, vars), hint: i18n.t(`clientErrors.${key}Hint`, { defaultValue: '', ...vars }) || undefined };
}
