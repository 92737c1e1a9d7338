import type { Session } from './session.svelte.ts';

/**
 * The sign-in form: what is typed, whether a request is out, and the line to show when it failed (the server's
 * words for a wrong password or too many attempts). Success needs no handling here: the session gains an
 * account and the router's guard moves the page on.
 */
export class LoginForm {
  #session: Session;
  #submitting = $state(false);
  #error = $state('');

  username = $state('');
  password = $state('');

  constructor(session: Session) {
    this.#session = session;
  }

  get submitting(): boolean {
    return this.#submitting;
  }
  get error(): string {
    return this.#error;
  }
  get ready(): boolean {
    return this.username.trim() !== '' && this.password !== '' && !this.#submitting;
  }

  async submit(): Promise<void> {
    if (!this.ready) return;
    this.#submitting = true;
    this.#error = '';
    this.#session.dismissNotice();
    const failed = await this.#session.login(this.username.trim(), this.password);
    this.#submitting = false;
    if (failed !== null) {
      this.#error = failed;
      this.password = '';
    }
  }
}
