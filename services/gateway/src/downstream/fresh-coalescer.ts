import { AsyncResource } from 'node:async_hooks';

interface Flight<T> {
  /** The follow-up call everyone who arrived during this one shares. */
  queued?: Promise<T>;
  /** Starts the follow-up call; set together with `queued`. */
  startQueued?: () => void;
}

/**
 * Coalesces identical concurrent calls without ever answering with something older than the request:
 * a caller never joins a call that is already running (it may have read the state before the caller's
 * own last write committed). It joins the *next* call for the same key, which starts when the running
 * one ends, so at most one call per key runs and at most one waits, however many callers ask meanwhile.
 * Every answer comes from a call that began after its caller arrived; a failure reaches exactly the
 * callers of that call.
 */
export class FreshCoalescer<T> {
  private readonly flights = new Map<string, Flight<T>>();

  run(key: string, call: () => Promise<T>): Promise<T> {
    const running = this.flights.get(key);
    if (!running) return this.start(key, call);
    if (running.queued) return running.queued;
    // Bound to the async context of the caller who queues it, so the follow-up call carries that
    // request's id, not the context of whichever call happened to end before it.
    const queuedCall = AsyncResource.bind(call);
    running.queued = new Promise<T>((resolve, reject) => {
      running.startQueued = () => void this.start(key, queuedCall).then(resolve, reject);
    });
    return running.queued;
  }

  /** Keys with a call running. */
  get size(): number {
    return this.flights.size;
  }

  private start(key: string, call: () => Promise<T>): Promise<T> {
    const flight: Flight<T> = {};
    this.flights.set(key, flight);
    const settle = () => {
      // Synchronously: nobody can slip in between the end of this call and the start of the queued one.
      this.flights.delete(key);
      flight.startQueued?.();
    };
    const promise = Promise.resolve().then(call);
    promise.then(settle, settle);
    return promise;
  }
}
