// Formatting of dates, numbers, sizes and app names for display. Message
// times are shown in the offset they were written in (the wall clock the
// sender saw), so a chat reads the same on any machine.
import type { AppId, Timestamp } from "./types";

const APP_NAMES: Record<string, string> = {
  whatsapp: "WhatsApp", telegram: "Telegram", signal: "Signal", messenger: "Messenger",
  instagram: "Instagram", discord: "Discord", sms: "SMS", imessage: "iMessage", x: "X",
  slack: "Slack", matrix: "Matrix", line: "LINE", kakaotalk: "KakaoTalk",
  "google-chat": "Google Chat", threema: "Threema",
};

export function appName(id: AppId | string): string {
  return APP_NAMES[id] ?? id;
}

/** Wall-clock parts of an RFC 3339 timestamp in its own offset. */
export interface WallTime {
  year: number; month: number; day: number; hour: number; minute: number;
  weekday: number; // 0 = Monday
  unixMs: number;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function wallTime(ts: Timestamp): WallTime | null {
  const m = RFC3339.exec(ts);
  if (!m) return null;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const unixMs = Date.parse(ts);
  if (Number.isNaN(unixMs)) return null;
  const weekday = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
  return { year, month, day, hour, minute, weekday, unixMs };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** `2024-03-05`: the day a message belongs to, in its own offset. */
export function dayKey(ts: Timestamp): string {
  const w = wallTime(ts);
  return w ? `${w.year}-${pad(w.month)}-${pad(w.day)}` : ts.slice(0, 10);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
export const WEEKDAY_SHORT = WEEKDAYS.map((d) => d.slice(0, 3));

/** `Tuesday, 5 Mar 2024` for a day key. */
export function dayLabel(key: string): string {
  const [y, mo, d] = key.split("-").map(Number);
  if (!y || !mo || !d) return key;
  const weekday = (new Date(Date.UTC(y, mo - 1, d)).getUTCDay() + 6) % 7;
  return `${WEEKDAYS[weekday]}, ${d} ${MONTHS[mo - 1]} ${y}`;
}

export function timeOfDay(ts: Timestamp): string {
  const w = wallTime(ts);
  return w ? `${pad(w.hour)}:${pad(w.minute)}` : "";
}

/** `5 Mar 2024` (or an empty string when missing). */
export function shortDate(ts: Timestamp | null | undefined): string {
  if (!ts) return "";
  const w = wallTime(ts);
  return w ? `${w.day} ${MONTHS[w.month - 1]} ${w.year}` : ts;
}

/** `Mar 2024` for a `2024-03` month key. */
export function monthLabel(key: string): string {
  const [y, mo] = key.split("-").map(Number);
  return y && mo ? `${MONTHS[mo - 1]} ${y}` : key;
}

export function count(n: number): string {
  return n.toLocaleString("en-US");
}

export function bytes(n: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

/** Start of a `YYYY-MM-DD` day in UTC milliseconds (null when invalid). */
export function dayStartMs(date: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(ms) ? null : ms;
}
