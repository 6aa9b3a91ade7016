/** Concurrent calls for one key in this process share the first call's promise. */
export class SingleFlight {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  /** `leader` tells the caller whether it started the work or joined someone else's. */
  run<T>(key: string, work: () => Promise<T>): { promise: Promise<T>; leader: boolean } {
    const existing = this.inFlight.get(key) as Promise<T> | undefined;
    if (existing) return { promise: existing, leader: false };
    const promise = work().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return { promise, leader: true };
  }
}
