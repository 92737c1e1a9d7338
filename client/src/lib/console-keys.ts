import type { DeskAction } from './desk-actions.ts';
import type { Messages } from './i18n.ts';

/**
 * The dispatch console's keyboard: j/k (or the arrows) walk the queue, Enter opens, 1–5 offer the incident to the
 * nth ranked unit, single letters take the incident actions, Esc backs out. Keys typed into a field, and keys with
 * a modifier, belong to the browser.
 */

export type KeyAction =
  'escalate' | 'resolve' | 'close' | 'cancel' | 'reopen' | 'withdraw' | 'merge';

export type KeyCommand =
  | { kind: 'move'; delta: 1 | -1 }
  | { kind: 'open' }
  /** rank is 0-based */
  | { kind: 'offer'; rank: number }
  | { kind: 'action'; action: KeyAction }
  | { kind: 'acknowledge' }
  | { kind: 'back' };

const LETTERS: Record<string, KeyAction> = {
  e: 'escalate',
  r: 'resolve',
  c: 'close',
  x: 'cancel',
  o: 'reopen',
  w: 'withdraw',
  m: 'merge'
};

export const OFFER_KEYS = 5;

export function keyCommand(e: KeyboardEvent): KeyCommand | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return null;
  if (typing(e.target)) return null;
  switch (e.key) {
    case 'j':
    case 'ArrowDown':
      return { kind: 'move', delta: 1 };
    case 'k':
    case 'ArrowUp':
      return { kind: 'move', delta: -1 };
    case 'Enter':
      // a focused button or link answers Enter itself (a focused queue row opens its incident)
      return activates(e.target) ? null : { kind: 'open' };
    case 'Escape':
      return { kind: 'back' };
    case 'a':
      return { kind: 'acknowledge' };
  }
  if (/^[1-9]$/.test(e.key) && Number(e.key) <= OFFER_KEYS) {
    return { kind: 'offer', rank: Number(e.key) - 1 };
  }
  const action = LETTERS[e.key];
  return action ? { kind: 'action', action } : null;
}

export interface LegendEntry {
  keys: string;
  label: keyof Messages['keys'];
  /** shown only to roles that may take this action */
  action?: DeskAction;
}

/** The key legend, in the order a dispatcher works through an incident. */
export const KEY_LEGEND: readonly LegendEntry[] = [
  { keys: 'j k', label: 'move' },
  { keys: 'Enter', label: 'open' },
  { keys: `1–${OFFER_KEYS}`, label: 'offer', action: 'offer' },
  { keys: 'w', label: 'withdraw', action: 'withdraw' },
  { keys: 'e', label: 'escalate', action: 'escalate' },
  { keys: 'a', label: 'acknowledge', action: 'acknowledge' },
  { keys: 'r', label: 'resolve', action: 'resolve' },
  { keys: 'c', label: 'close', action: 'close' },
  { keys: 'o', label: 'reopen', action: 'reopen' },
  { keys: 'm', label: 'merge', action: 'merge' },
  { keys: 'x', label: 'cancel', action: 'cancel' },
  { keys: 'Esc', label: 'back' }
];

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

function activates(target: EventTarget | null): boolean {
  return target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement;
}
