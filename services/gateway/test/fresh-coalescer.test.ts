import { currentContext, runWithContext } from '@omotenashi/logging';
import { FreshCoalescer } from '../src/downstream/fresh-coalescer';

/** A call that answers with the state it read when it began, and finishes when told to. */
function controlledCalls() {
  let state = 0;
  const pending: (() => void)[] = [];
  const started: string[] = [];
  const call = () => {
    const seen = state;
    started.push(currentContext()?.requestId ?? 'none');
    return new Promise<number>((resolve) => pending.push(() => resolve(seen)));
  };
  return {
    call,
    started,
    write: () => (state += 1),
    finishNext: async () => {
      pending.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    },
    get running() {
      return pending.length;
    },
  };
}

describe('FreshCoalescer', () => {
  it('When many ask the same question during a call, then they share one follow-up call that began after they asked', async () => {
    const coalescer = new FreshCoalescer<number>();
    const calls = controlledCalls();
    const first = coalescer.run('q', calls.call);
    await new Promise((resolve) => setImmediate(resolve));
    // A write commits while the first call runs; everyone asking from now on must see it.
    calls.write();
    const later = Array.from({ length: 50 }, () => coalescer.run('q', calls.call));
    expect(calls.running).toBe(1);

    await calls.finishNext();
    expect(await first).toBe(0);
    expect(calls.running).toBe(1); // the one follow-up call, not 50
    await calls.finishNext();
    expect(new Set(await Promise.all(later))).toEqual(new Set([1]));
    expect(calls.started).toHaveLength(2);
    expect(coalescer.size).toBe(0);
  });

  it('When questions differ, then each has its own call', async () => {
    const coalescer = new FreshCoalescer<string>();
    const answers = await Promise.all(['a', 'b', 'a'].map((key) => coalescer.run(key, async () => `answer ${key}`)));
    expect(answers).toEqual(['answer a', 'answer b', 'answer a']);
  });

  it('When a call fails, then its callers get the error and the queued callers still get their own call', async () => {
    const coalescer = new FreshCoalescer<string>();
    let release: () => void = () => undefined;
    const failing = coalescer.run('q', () => new Promise<string>((_resolve, reject) => (release = () => reject(new Error('down')))));
    await new Promise((resolve) => setImmediate(resolve));
    const queued = coalescer.run('q', async () => 'recovered');
    release();
    await expect(failing).rejects.toThrow('down');
    await expect(queued).resolves.toBe('recovered');
  });

  it('When a follow-up call starts, then it runs in the request context of the caller who queued it', async () => {
    const coalescer = new FreshCoalescer<number>();
    const calls = controlledCalls();
    const first = runWithContext({ requestId: 'first' }, () => coalescer.run('q', calls.call));
    await new Promise((resolve) => setImmediate(resolve));
    const second = runWithContext({ requestId: 'second' }, () => coalescer.run('q', calls.call));
    await calls.finishNext();
    await calls.finishNext();
    await Promise.all([first, second]);
    expect(calls.started).toEqual(['first', 'second']);
  });
});
