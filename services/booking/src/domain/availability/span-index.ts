/** Half-open time spans [start, end) in epoch milliseconds, and two ways to query many of them fast. */
export interface Span {
  start: number;
  end: number;
}

/** Sorted, merged (touching spans join), empty spans dropped. */
export function mergeSpans(spans: Span[]): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ start: span.start, end: span.end });
  }
  return merged;
}

/** Disjoint spans, e.g. someone's working time: does one span hold all of [start, end)? O(log n). */
export class SpanSet {
  private readonly spans: Span[];

  constructor(spans: Span[]) {
    this.spans = mergeSpans(spans);
  }

  covers(start: number, end: number): boolean {
    const i = lastIndexWithStartAtOrBefore(this.spans, start);
    return i >= 0 && this.spans[i].end >= end;
  }
}

/**
 * Possibly overlapping spans (allocations, time off) sorted by start, with the running maximum of
 * their ends: a query binary-searches the spans that start before its end, then walks back only while
 * an earlier span could still reach into it. O(log n + overlaps) for the usual non-nested spans.
 */
export class SpanIndex<T extends Span> {
  private readonly items: T[];
  private readonly maxEnd: number[];

  constructor(items: T[]) {
    this.items = items.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || a.end - b.end);
    let max = -Infinity;
    this.maxEnd = this.items.map((item) => (max = Math.max(max, item.end)));
  }

  /** Every item overlapping [start, end), latest start first. */
  overlapping(start: number, end: number): T[] {
    const found: T[] = [];
    for (let i = firstIndexWithStartAtOrAfter(this.items, end) - 1; i >= 0 && this.maxEnd[i] > start; i--) {
      if (this.items[i].end > start) found.push(this.items[i]);
    }
    return found;
  }

  /** Whether an item overlapping [start, end) passes `counts` (all count by default). */
  some(start: number, end: number, counts: (item: T) => boolean = () => true): boolean {
    for (let i = firstIndexWithStartAtOrAfter(this.items, end) - 1; i >= 0 && this.maxEnd[i] > start; i--) {
      if (this.items[i].end > start && counts(this.items[i])) return true;
    }
    return false;
  }
}

function firstIndexWithStartAtOrAfter(spans: Span[], at: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (spans[mid].start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lastIndexWithStartAtOrBefore(spans: Span[], at: number): number {
  return firstIndexWithStartAtOrAfter(spans, at + 1) - 1;
}
