// Library list logic: filter chats by app and name, sort them, and list the
// apps present (for the filter), independent of the DOM.
import type { AppId, ChatInfo } from "../types";

export type SortKey = "recent" | "name" | "messages" | "app";

export interface LibraryFilter {
  app: AppId | "all";
  text: string;
  sort: SortKey;
}

function lastMs(c: ChatInfo): number {
  const ms = c.last ? Date.parse(c.last) : NaN;
  return Number.isNaN(ms) ? -Infinity : ms;
}

/** Folds case and accents so "jose" finds "José". */
export function fold(s: string): string {
  return s.normalize("NFKD").replace(/\p{M}/gu, "").toLocaleLowerCase();
}

export function filterChats(chats: ChatInfo[], f: LibraryFilter): ChatInfo[] {
  const needle = fold(f.text.trim());
  const out = chats.filter((c) =>
    (f.app === "all" || c.app === f.app) &&
    (!needle || fold(c.title).includes(needle) ||
      c.participants.some((p) => fold(p.name).includes(needle))));
  const byName = (a: ChatInfo, b: ChatInfo) => a.title.localeCompare(b.title) || a.id - b.id;
  const cmp: Record<SortKey, (a: ChatInfo, b: ChatInfo) => number> = {
    recent: (a, b) => lastMs(b) - lastMs(a) || byName(a, b),
    name: byName,
    messages: (a, b) => b.messages - a.messages || byName(a, b),
    app: (a, b) => a.app.localeCompare(b.app) || byName(a, b),
  };
  return out.sort(cmp[f.sort]);
}

/** Apps present in the library with their chat counts, most chats first. */
export function appsPresent(chats: ChatInfo[]): [AppId, number][] {
  const counts = new Map<AppId, number>();
  for (const c of chats) counts.set(c.app, (counts.get(c.app) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
