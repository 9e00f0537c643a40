// Arrow keys, Home and End move focus between the options of a list of
// buttons (role=option), so a long list is not a long run of Tab presses.
import type { KeyboardEvent } from 'react';

export function onListKeyDown(e: KeyboardEvent<HTMLElement>): void {
  const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End'];
  if (!keys.includes(e.key)) return;
  const options = [...e.currentTarget.querySelectorAll<HTMLElement>('[role="option"]:not([aria-disabled="true"])')];
  if (options.length === 0) return;
  e.preventDefault();
  const i = options.indexOf(document.activeElement as HTMLElement);
  const next = e.key === 'Home' ? 0 : e.key === 'End' ? options.length - 1 : e.key === 'ArrowDown' ? Math.min(options.length - 1, i + 1) : Math.max(0, i - 1);
  options[next]?.focus();
}
