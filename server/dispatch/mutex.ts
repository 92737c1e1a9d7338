/**
 * Runs async jobs one at a time, in arrival order. Commands read in-memory state, await the store, then apply:
 * serialising them makes "check, commit, apply" atomic with respect to every other command in this process.
 */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const next = this.#tail.then(job, job);
    // the queue must go on after a failed job; the caller still sees the failure through `next`
    this.#tail = next.catch(() => undefined);
    return next;
  }
}
