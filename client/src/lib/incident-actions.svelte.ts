import { newCommandId } from './command-id.ts';
import { REASON_REQUIRED, type PromptKind } from './desk-actions.ts';
import { errorText } from './errors.ts';
import { msg } from './i18n.ts';
import type { CommandResult, LiveLink } from './live.svelte.ts';

/**
 * The desk's actions on an incident beyond the first offer: the inline prompt that asks for a reason (or a
 * confirmation) and sends escalate, resolve, close, cancel, reopen, withdraw, recall, reassign or merge; and the
 * acknowledgement of an escalation. One request at a time; a request whose answer was lost (timeout, offline) is
 * retried with the same commandId, so the server applies it once.
 */

export interface Prompt {
  kind: PromptKind;
  incidentId: string;
  /** the unit withdrawn, recalled or reassigned */
  unitId: string | null;
  /** merge: the incident this one duplicates, which stays */
  intoId: string | null;
}

export class IncidentActions {
  #live: LiveLink;
  #onDone: (kind: PromptKind, incidentId: string) => void;
  #prompt = $state.raw<Prompt | null>(null);
  #sending = $state(false);
  #error = $state('');
  #acknowledging = $state<string | null>(null);
  #ackError = $state.raw<{ incidentId: string; text: string } | null>(null);
  /** commandId per request while its answer is unknown */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping only, never displayed
  #pending = new Map<string, string>();

  /** `onDone` hears of every action the server accepted (the desk re-ranks units after a withdrawal) */
  constructor(live: LiveLink, onDone: (kind: PromptKind, incidentId: string) => void = () => {}) {
    this.#live = live;
    this.#onDone = onDone;
  }

  get prompt(): Prompt | null {
    return this.#prompt;
  }
  get sending(): boolean {
    return this.#sending;
  }
  /** why the prompt's last send failed */
  get error(): string {
    return this.#error;
  }
  /** the incident whose escalation is being acknowledged */
  get acknowledging(): string | null {
    return this.#acknowledging;
  }
  get ackError(): { incidentId: string; text: string } | null {
    return this.#ackError;
  }

  ask(
    kind: PromptKind,
    incidentId: string,
    opts: { unitId?: string | null; intoId?: string | null } = {}
  ): void {
    if (this.#sending) return;
    this.#prompt = { kind, incidentId, unitId: opts.unitId ?? null, intoId: opts.intoId ?? null };
    this.#error = '';
  }

  dismiss(): void {
    if (this.#sending) return;
    this.#prompt = null;
    this.#error = '';
  }

  /** Sends the prompt's action; `reassignTo` is the unit a reassignment offers the incident to next. */
  async submit(reason: string, reassignTo: string | null = null): Promise<boolean> {
    const p = this.#prompt;
    if (!p || this.#sending) return false;
    const text = reason.trim();
    if (REASON_REQUIRED[p.kind] && !text) {
      this.#error = msg.prompt.needReason;
      return false;
    }
    if (p.kind === 'reassign' && !reassignTo) {
      this.#error = msg.prompt.noCandidates;
      return false;
    }
    this.#sending = true;
    this.#error = '';
    const res = await this.#send(p, text, reassignTo);
    this.#sending = false;
    if (!res.ok) {
      this.#error = errorText(res);
      return false;
    }
    if (this.#prompt === p) this.#prompt = null;
    this.#onDone(p.kind, p.incidentId);
    return true;
  }

  async acknowledge(incidentId: string): Promise<boolean> {
    if (this.#acknowledging) return false;
    this.#acknowledging = incidentId;
    this.#ackError = null;
    const res = await this.#once(`acknowledge:${incidentId}`, (commandId) =>
      this.#live.acknowledge({ commandId, incidentId })
    );
    this.#acknowledging = null;
    if (!res.ok) this.#ackError = { incidentId, text: errorText(res) };
    return res.ok;
  }

  #send(p: Prompt, reason: string, reassignTo: string | null): Promise<CommandResult<unknown>> {
    const incidentId = p.incidentId;
    const optional = reason ? { reason } : {};
    switch (p.kind) {
      case 'escalate':
        return this.#once(`escalate:${incidentId}:${reason}`, (commandId) =>
          this.#live.escalate({ commandId, incidentId, reason })
        );
      case 'resolve':
      case 'close':
      case 'cancel':
      case 'reopen': {
        const action = p.kind;
        return this.#once(`${action}:${incidentId}`, (commandId) =>
          this.#live.transition({ commandId, incidentId, action, ...optional })
        );
      }
      case 'merge': {
        const intoId = p.intoId ?? '';
        return this.#once(`merge:${incidentId}:${intoId}`, (commandId) =>
          this.#live.merge({ commandId, incidentId, intoId })
        );
      }
      case 'withdraw':
      case 'recall':
        return this.#withdraw(incidentId, p.unitId ?? '', reason);
      case 'reassign':
        return this.#reassign(incidentId, p.unitId ?? '', reassignTo ?? '', reason);
    }
  }

  #withdraw(incidentId: string, unitId: string, reason: string) {
    return this.#once(`withdraw:${incidentId}:${unitId}`, (commandId) =>
      this.#live.withdraw({ commandId, incidentId, unitId, reason })
    );
  }

  /** one command on the server: the unit is taken back and the other offered the incident, or neither */
  #reassign(incidentId: string, fromUnitId: string, toUnitId: string, reason: string) {
    return this.#once(`reassign:${incidentId}:${fromUnitId}:${toUnitId}`, (commandId) =>
      this.#live.reassign({
        commandId,
        incidentId,
        fromUnitId,
        toUnitId,
        ...(reason ? { reason } : {})
      })
    );
  }

  async #once<T>(
    key: string,
    send: (commandId: string) => Promise<CommandResult<T>>
  ): Promise<CommandResult<T>> {
    const commandId = this.#pending.get(key) ?? newCommandId();
    this.#pending.set(key, commandId);
    const res = await send(commandId);
    if (res.ok || !isLocal(res)) this.#pending.delete(key);
    return res;
  }
}

function isLocal<T>(res: CommandResult<T>): boolean {
  return !res.ok && (res.error === 'TIMEOUT' || res.error === 'OFFLINE');
}
