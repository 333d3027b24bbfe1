// Window math for the virtualised chat timeline. The timeline is addressed
// by (first row index, pixels of that row scrolled out above); only the rows
// that cover the viewport are in the DOM. Row heights are measured once
// drawn and estimated before. The native scrollbar is a position control:
// its ratio maps to a fractional row index, so a million rows need no
// million-row-tall element.

export interface Anchor { first: number; offset: number }

export type HeightOf = (index: number) => number;

/** Moves the anchor by `dy` pixels (positive = towards newer rows). */
export function scrollAnchor(a: Anchor, dy: number, count: number, heightOf: HeightOf): Anchor {
  if (count <= 0) return { first: 0, offset: 0 };
  let first = Math.min(Math.max(a.first, 0), count - 1);
  let offset = a.offset + dy;
  while (offset < 0 && first > 0) {
    first--;
    offset += heightOf(first);
  }
  if (offset < 0) offset = 0;
  while (first < count - 1 && offset >= heightOf(first)) {
    offset -= heightOf(first);
    first++;
  }
  if (first === count - 1) offset = Math.min(offset, Math.max(heightOf(first) - 1, 0));
  return { first, offset };
}

/** The rows to draw: indices from the anchor until the viewport (plus overscan) is covered. */
export function visibleRows(
  a: Anchor, viewport: number, count: number, heightOf: HeightOf, overscan = 2,
): { index: number; top: number }[] {
  const rows: { index: number; top: number }[] = [];
  if (count <= 0) return rows;
  const start = Math.max(0, a.first - overscan);
  let top = 0 - a.offset;
  for (let i = a.first - 1; i >= start; i--) top -= heightOf(i);
  let extra = 0;
  for (let i = start; i < count; i++) {
    rows.push({ index: i, top });
    top += heightOf(i);
    if (top >= viewport && ++extra > overscan) break;
  }
  return rows;
}

/**
 * Keeps the last rows filling the viewport: when the content after the anchor
 * is shorter than the viewport, moves the anchor up so the newest row ends at
 * the bottom.
 */
export function clampToEnd(a: Anchor, viewport: number, count: number, heightOf: HeightOf): Anchor {
  if (count <= 0) return { first: 0, offset: 0 };
  let below = -a.offset;
  for (let i = a.first; i < count && below < viewport; i++) below += heightOf(i);
  if (below >= viewport) return a;
  return scrollAnchor(a, below - viewport, count, heightOf);
}

/** The anchor as a fraction of the whole timeline, 0..1. */
export function anchorRatio(a: Anchor, count: number, heightOf: HeightOf): number {
  if (count <= 1) return 0;
  const frac = a.first + Math.min(a.offset / Math.max(heightOf(a.first), 1), 1);
  return Math.min(Math.max(frac / (count - 1), 0), 1);
}

/** The anchor for a scrollbar ratio (the inverse of `anchorRatio`). */
export function anchorAtRatio(ratio: number, count: number, heightOf: HeightOf): Anchor {
  if (count <= 1) return { first: 0, offset: 0 };
  const pos = Math.min(Math.max(ratio, 0), 1) * (count - 1);
  const first = Math.min(Math.floor(pos), count - 1);
  return { first, offset: Math.floor((pos - first) * heightOf(first)) };
}

/** Height of the scrollbar spacer: proportional to rows, capped for huge chats. */
export function spacerHeight(count: number, estimate: number, viewport: number, cap = 4_000_000): number {
  return Math.max(viewport, Math.min(count * estimate, cap));
}

/** Page numbers that hold the given row indices. */
export function pagesFor(indices: number[], pageSize: number): number[] {
  return [...new Set(indices.map((i) => Math.floor(i / pageSize)))].sort((a, b) => a - b);
}

/** An anchor that puts row `index` a little below the top of the viewport. */
export function anchorFor(index: number, count: number, lead = 80): Anchor {
  const first = Math.min(Math.max(index, 0), Math.max(count - 1, 0));
  return { first, offset: -lead };
}

/** The anchor that shows the newest rows with the last one ending at the bottom. */
export function endAnchor(viewport: number, count: number, heightOf: HeightOf): Anchor {
  if (count <= 0) return { first: 0, offset: 0 };
  let remaining = viewport;
  let i = count - 1;
  while (i > 0 && heightOf(i) < remaining) {
    remaining -= heightOf(i);
    i--;
  }
  return { first: i, offset: Math.max(0, heightOf(i) - remaining) };
}

/** Whether `a` is at (or past) the end anchor. */
export function atEnd(a: Anchor, viewport: number, count: number, heightOf: HeightOf): boolean {
  const e = endAnchor(viewport, count, heightOf);
  return a.first > e.first || (a.first === e.first && a.offset >= e.offset);
}
