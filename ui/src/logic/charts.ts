// Chart scales for the insights view: "nice" axis maxima and ticks, bar
// geometry, heatmap shading, and filling gaps in the month series so an
// idle month shows as an empty bar instead of disappearing.

/** The smallest 1/2/5 x 10^k value >= v (at least 1). */
export function niceMax(v: number): number {
  if (!(v > 1)) return 1;
  const exp = Math.floor(Math.log10(v));
  const base = 10 ** exp;
  for (const m of [1, 2, 5, 10]) if (m * base >= v) return m * base;
  return 10 * base;
}

/** Evenly spaced round tick values from 0 to `niceMax(max)` (steps of 1, 2 or 5 x 10^k). */
export function ticks(max: number): number[] {
  const top = niceMax(max);
  const lead = top / 10 ** Math.floor(Math.log10(top));
  const n = lead === 2 ? 4 : 5;
  return Array.from({ length: n + 1 }, (_, i) => (top * i) / n);
}

/** Linear scale from [0, domainMax] to [0, range]. */
export function scale(domainMax: number, range: number): (v: number) => number {
  const top = niceMax(domainMax);
  return (v) => (Math.max(0, v) / top) * range;
}

/** Every month from the first to the last present, missing ones as 0. */
export function fillMonths(series: [string, number][]): [string, number][] {
  if (series.length === 0) return [];
  const map = new Map(series);
  const keys = [...map.keys()].sort();
  const [y0, m0] = keys[0]!.split("-").map(Number) as [number, number];
  const [y1, m1] = keys[keys.length - 1]!.split("-").map(Number) as [number, number];
  const out: [string, number][] = [];
  for (let y = y0, m = m0; y < y1 || (y === y1 && m <= m1); m === 12 ? (y++, m = 1) : m++) {
    const key = `${y}-${String(m).padStart(2, "0")}`;
    out.push([key, map.get(key) ?? 0]);
    if (out.length > 1200) break;
  }
  return out;
}

/** Heatmap shade 0..1 for a cell (square-root scaled so quiet hours still show). */
export function shade(v: number, max: number): number {
  if (max <= 0 || v <= 0) return 0;
  return Math.sqrt(v / max);
}

/** Top `n` entries, the rest summed into "others". */
export function topN(series: [string, number][], n: number, others = "Others"): [string, number][] {
  const sorted = [...series].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (sorted.length <= n) return sorted;
  const rest = sorted.slice(n).reduce((s, [, v]) => s + v, 0);
  return [...sorted.slice(0, n), [others, rest]];
}

/** Short tick label: 1200 -> "1.2k", 3000000 -> "3M". */
export function shortNumber(v: number): string {
  if (v >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (v >= 1e3) return `${+(v / 1e3).toFixed(1)}k`;
  return String(+v.toFixed(1));
}
