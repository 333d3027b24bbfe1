// User Timing marks on the path that opens a chat (view start, chat info,
// first page, first draw with messages), so a benchmark in the real app can
// tell where the time between a click and the first painted message goes.
// A mark is a timestamp in the page's performance timeline, nothing more.

/** Records `ferry:<name>` in the performance timeline, if there is one. */
export function mark(name: string): void {
  globalThis.performance?.mark?.(`ferry:${name}`);
}
