// Search snippets: the store returns highlight ranges as UTF-8 byte offsets
// into the snippet; these helpers turn them into text segments (plain or
// marked) that the view renders as text nodes and <mark> elements.

/** UTF-16 index in `s` of UTF-8 byte offset `byte` (clamped to the string). */
export function byteToIndex(s: string, byte: number): number {
  let bytes = 0;
  let i = 0;
  while (i < s.length && bytes < byte) {
    const cp = s.codePointAt(i) ?? 0;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

export interface Segment { text: string; mark: boolean }

/** Splits `snippet` into segments, marking the (byte) ranges; overlapping or bad ranges are tolerated. */
export function segments(snippet: string, ranges: [number, number][]): Segment[] {
  const spans = ranges
    .map(([a, b]) => [byteToIndex(snippet, a), byteToIndex(snippet, b)] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of spans) {
    const last = merged[merged.length - 1];
    if (last && a < last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  const out: Segment[] = [];
  let at = 0;
  for (const [a, b] of merged) {
    if (a > at) out.push({ text: snippet.slice(at, a), mark: false });
    out.push({ text: snippet.slice(a, b), mark: true });
    at = b;
  }
  if (at < snippet.length) out.push({ text: snippet.slice(at), mark: false });
  return out;
}
