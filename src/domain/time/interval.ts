/**
 * Half-open intervals [start, end) of UTC epoch milliseconds, and the linear-time set algebra the
 * slot search is built from. "Normalized" lists are sorted by start, non-empty, and neither overlap
 * nor touch (touching intervals are merged).
 */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** Sort, drop empty intervals, and merge overlapping or touching ones. */
export function normalize(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).map((i) => ({ start: i.start, end: i.end }));
  sorted.sort((a, b) => a.start - b.start || a.end - b.end);
  const out: { start: number; end: number }[] = [];
  for (const cur of sorted) {
    const last = out[out.length - 1];
    if (last && cur.start <= last.end) {
      if (cur.end > last.end) last.end = cur.end;
    } else {
      out.push(cur);
    }
  }
  return out;
}

/** a − b for normalized lists. */
export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const iv of a) {
    let start = iv.start;
    while (j < b.length && b[j]!.end <= start) j++;
    let k = j;
    while (k < b.length && b[k]!.start < iv.end) {
      const cut = b[k]!;
      if (cut.start > start) out.push({ start, end: cut.start });
      if (cut.end > start) start = cut.end;
      if (start >= iv.end) break;
      k++;
    }
    if (start < iv.end) out.push({ start, end: iv.end });
  }
  return out;
}

/** a ∩ b for normalized lists (two pointers). */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const start = Math.max(x.start, y.start);
    const end = Math.min(x.end, y.end);
    if (start < end) out.push({ start, end });
    if (x.end < y.end) i++;
    else j++;
  }
  return out;
}

export function intersectAll(lists: readonly (readonly Interval[])[]): Interval[] {
  if (lists.length === 0) return [];
  let acc: Interval[] = [...lists[0]!];
  for (let i = 1; i < lists.length && acc.length > 0; i++) acc = intersect(acc, lists[i]!);
  return acc;
}

/** Index of the last interval starting at or before t, or -1. */
function lastStartingAtOrBefore(list: readonly Interval[], t: number): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.start <= t) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** Whether [start, end) lies inside one interval of a normalized list. */
export function covers(list: readonly Interval[], start: number, end: number): boolean {
  const i = lastStartingAtOrBefore(list, start);
  return i >= 0 && list[i]!.end >= end;
}

/** Whether [start, end) overlaps any interval of a normalized list. */
export function overlapsAny(list: readonly Interval[], start: number, end: number): boolean {
  const i = lastStartingAtOrBefore(list, start);
  if (i >= 0 && list[i]!.end > start) return true;
  const next = list[i + 1];
  return next !== undefined && next.start < end;
}
