// Timeline helpers: where day separators go, stable sender colours, and
// what kind of line a message is (system line, deleted, edited).
import { dayKey } from "../format";
import type { StoredMessage } from "../types";

/** The day label key to show above `msg`, or null when it continues the previous day. */
export function separatorBefore(msg: StoredMessage, prev: StoredMessage | undefined | null): string | null {
  const day = dayKey(msg.message.sent_at);
  if (!prev) return day;
  return dayKey(prev.message.sent_at) === day ? null : day;
}

/** Groups consecutive messages by day: `[day, messages][]`, in order. */
export function groupByDay(msgs: StoredMessage[]): [string, StoredMessage[]][] {
  const out: [string, StoredMessage[]][] = [];
  for (const m of msgs) {
    const day = dayKey(m.message.sent_at);
    const last = out[out.length - 1];
    if (last && last[0] === day) last[1].push(m);
    else out.push([day, [m]]);
  }
  return out;
}

const PALETTE = 12;

/** A colour slot 0..11 for a sender name, the same on every run. */
export function senderColor(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) % PALETTE;
}

/** Whether the message is shown as a centred system line. */
export function isSystemLine(m: StoredMessage): boolean {
  return m.message.kind === "system" || m.message.kind === "call";
}

/** Whether a message continues the previous sender's run (no name repeated). */
export function continuesRun(msg: StoredMessage, prev: StoredMessage | undefined | null): boolean {
  if (!prev || isSystemLine(prev) || isSystemLine(msg)) return false;
  if (separatorBefore(msg, prev) !== null) return false;
  return prev.sender_name === msg.sender_name && prev.sender_is_me === msg.sender_is_me;
}

/** Reactions folded: one entry per emoji with who reacted. */
export function foldReactions(m: StoredMessage): { emoji: string; count: number; by: string[] }[] {
  const map = new Map<string, { emoji: string; count: number; by: string[] }>();
  for (const r of m.message.reactions) {
    const e = map.get(r.emoji) ?? { emoji: r.emoji, count: 0, by: [] };
    e.count++;
    if (r.by) e.by.push(r.by);
    map.set(r.emoji, e);
  }
  return [...map.values()];
}

const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"']+|\bjavascript:[^\s]*/gi;

/** Splits message text into plain runs and link-looking runs (shown, never followed). */
export function splitLinks(text: string): { text: string; link: boolean }[] {
  const out: { text: string; link: boolean }[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ text: text.slice(last, at), link: false });
    out.push({ text: m[0], link: true });
    last = at + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), link: false });
  return out;
}
