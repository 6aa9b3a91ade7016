/**
 * How fast is computeAvailability for a busy month? Not a test (times are never asserted): a script that
 * prints the first (cold) call and the median / p99 of the next 200.
 *
 * Run from the repository root:
 *   npx tsc --outDir /tmp/availability-bench --module commonjs --moduleResolution node --target es2022 --types node \
 *     services/booking/test/availability/engine-speed.bench.ts && node /tmp/availability-bench/test/availability/engine-speed.bench.js
 *
 * The month: 31 days, 10 stylists on 5-day weeks with some time off, 3 chairs, ~300 allocations (as
 * `Date`s, the way the repository reads them), a 60-minute cut with 10-minute buffers on a 30-minute grid,
 * hours with a lunch break, a closure, a special day and a holiday; in Tokyo, and in New York over the
 * March 2027 clock change. The first Intl use in a process loads ICU's zone data; that one-off cost is
 * printed on its own line, so "cold" is the engine's first call (its own formatter, JIT) after it.
 */
import { computeAvailability, type Allocation, type AvailabilityInput } from '../../src/domain/availability';

const MINUTE = 60_000;
const RUNS = 200;

/** A small deterministic PRNG (mulberry32), so every run measures the same month. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function busyMonth(timezone: string, fromDate: string, offset: string): AvailabilityInput {
  const next = random(42);
  const staffIds = Array.from({ length: 10 }, (_, i) => `stylist-${i}`);
  const chairs = ['chair-1', 'chair-2', 'chair-3'];
  const monthStart = Date.parse(`${fromDate}T00:00:00${offset}`);
  const at = (day: number, minute: number) => new Date(monthStart + (day * 1440 + minute) * MINUTE);
  const allocations: Allocation[] = [];
  while (allocations.length < 300) {
    const day = Math.floor(next() * 31);
    const minute = 9 * 60 + Math.floor(next() * 18) * 30 - 10;
    const span = { startsAt: at(day, minute), endsAt: at(day, minute + 80), seats: 1 };
    const stylist = staffIds[Math.floor(next() * staffIds.length)];
    allocations.push({ subjectKind: 'staff', subjectId: stylist, ...span }, { subjectKind: 'service', subjectId: 'cut', ...span });
    if (next() < 0.5) allocations.push({ subjectKind: 'resource', subjectId: chairs[Math.floor(next() * chairs.length)], ...span });
  }
  return {
    business: { timezone, policy: { minNoticeMinutes: 60, bookingHorizonDays: 90, slotIntervalMinutes: 30 } },
    service: { id: 'cut', durationMinutes: 60, bufferBeforeMinutes: 10, bufferAfterMinutes: 10, capacity: 1, requiredResourceKinds: ['chair'], staffIds },
    hours: {
      weekly: [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [{ weekday, opens: '09:00', closes: '12:00' }, { weekday, opens: '13:00', closes: '19:00' }]),
      closures: [{ from: '2027-03-29', to: '2027-03-30', reason: 'inventory' }],
      specialDays: [{ from: '2027-03-20', to: '2027-03-20', opens: '10:00', closes: '15:00' }],
      holidays: ['2027-03-21'],
    },
    staff: staffIds.map((id, i) => ({
      id,
      weekly: [1, 2, 3, 4, 5, 6, 7].filter((d) => (d + i) % 7 < 5).flatMap((weekday) => [{ weekday, opens: '08:45', closes: '19:15' }]),
      timeOff: [{ startsAt: at(3 + i, 12 * 60).toISOString(), endsAt: at(5 + i, 12 * 60).toISOString() }],
    })),
    resources: chairs.map((id) => ({ id, kind: 'chair', capacity: 1 })),
    allocations,
    query: { fromDate, days: 31, now: at(-1, 0) },
  };
}

/** Wall time, and the process's CPU time (which a machine busy with other work inflates far less). */
function timed(run: () => void): { wall: number; cpu: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  run();
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

function measure(label: string, input: AvailabilityInput): void {
  let slots = 0;
  const cold = timed(() => (slots = computeAvailability(input).slots.length));
  const runs = Array.from({ length: RUNS }, () => timed(() => computeAvailability(input)));
  const stat = (key: 'wall' | 'cpu', q: number) => {
    const sorted = runs.map((r) => r[key]).sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)].toFixed(2);
  };
  console.log(`${label}: ${slots} slots, ${input.allocations.length} allocations, ${RUNS} runs`);
  console.log(`  wall  cold ${cold.wall.toFixed(2)} ms  median ${stat('wall', 0.5)} ms  p99 ${stat('wall', 0.99)} ms`);
  console.log(`  cpu   cold ${cold.cpu.toFixed(2)} ms  median ${stat('cpu', 0.5)} ms  p99 ${stat('cpu', 0.99)} ms`);
}

const icuStarted = performance.now();
new Intl.DateTimeFormat('en-US', { timeZone: 'UTC' }).format(0);
console.log(`first Intl use in this process (ICU zone data)   ${(performance.now() - icuStarted).toFixed(2)} ms`);
measure('Asia/Tokyo, March 2027', busyMonth('Asia/Tokyo', '2027-03-01', '+09:00'));
measure('America/New_York, March 2027 (DST)', busyMonth('America/New_York', '2027-03-01', '-05:00'));
