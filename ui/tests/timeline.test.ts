import { describe, expect, it } from "vitest";
import { dayKey, dayLabel, wallTime } from "../src/format";
import { continuesRun, foldReactions, groupByDay, senderColor, separatorBefore, splitLinks } from "../src/logic/timeline";
import { msg } from "./fixtures";

describe("day separators", () => {
  it("uses the day in the message's own offset, not the machine's", () => {
    expect(dayKey("2024-03-05T23:30:00-05:00")).toBe("2024-03-05");
    expect(dayKey("2024-03-06T00:10:00+09:00")).toBe("2024-03-06");
  });
  it("puts a separator above the first message and on each day change", () => {
    const a = msg("2024-03-05T10:00:00+01:00", "a");
    const b = msg("2024-03-05T23:59:00+01:00", "b");
    const c = msg("2024-03-06T00:00:00+01:00", "c");
    expect(separatorBefore(a, null)).toBe("2024-03-05");
    expect(separatorBefore(b, a)).toBeNull();
    expect(separatorBefore(c, b)).toBe("2024-03-06");
  });
  it("labels days with the weekday", () => {
    expect(dayLabel("2024-03-05")).toBe("Tuesday, 5 Mar 2024");
  });
  it("reads weekday and hour in the message's offset", () => {
    const w = wallTime("2024-03-10T23:15:00-08:00")!;
    expect([w.weekday, w.hour, w.minute]).toEqual([6, 23, 15]);
    expect(wallTime("not a date")).toBeNull();
  });
  it("groups consecutive messages by day", () => {
    const g = groupByDay([
      msg("2024-01-01T09:00:00Z", "1"), msg("2024-01-01T10:00:00Z", "2"),
      msg("2024-01-03T10:00:00Z", "3"), msg("2024-01-01T11:00:00Z", "4"),
    ]);
    expect(g.map(([d, m]) => [d, m.length])).toEqual([["2024-01-01", 2], ["2024-01-03", 1], ["2024-01-01", 1]]);
  });
});

describe("sender runs and colours", () => {
  it("gives a stable colour slot per name", () => {
    expect(senderColor("Ana")).toBe(senderColor("Ana"));
    const slots = new Set(["Ana", "Ben", "Chloé", "Dmitri", "Eve", "Fatima", "Gus", "Hiro"].map(senderColor));
    expect(slots.size).toBeGreaterThan(3);
    for (const s of slots) expect(s).toBeGreaterThanOrEqual(0), expect(s).toBeLessThan(12);
  });
  it("continues a run for the same sender on the same day only", () => {
    const a = msg("2024-01-01T09:00:00Z", "1");
    const b = msg("2024-01-01T09:01:00Z", "2");
    const c = msg("2024-01-01T09:02:00Z", "3", { sender_name: "Ben" });
    const d = msg("2024-01-02T09:00:00Z", "4", { sender_name: "Ben" });
    const sys = msg("2024-01-01T09:03:00Z", "joined", { m: { kind: "system" } });
    expect(continuesRun(b, a)).toBe(true);
    expect(continuesRun(c, b)).toBe(false);
    expect(continuesRun(d, c)).toBe(false);
    expect(continuesRun(sys, c)).toBe(false);
    expect(continuesRun(a, null)).toBe(false);
  });
});

describe("reactions and links", () => {
  it("folds reactions per emoji", () => {
    const m = msg("2024-01-01T09:00:00Z", "x", { m: { reactions: [
      { emoji: "👍", by: "Ana", at: null }, { emoji: "❤️", by: "Ben", at: null }, { emoji: "👍", by: "Ben", at: null },
    ] } });
    expect(foldReactions(m)).toEqual([{ emoji: "👍", count: 2, by: ["Ana", "Ben"] }, { emoji: "❤️", count: 1, by: ["Ben"] }]);
  });
  it("finds links, including javascript: ones, without losing text", () => {
    const text = "see https://example.org/a?b=1 and javascript:alert(1) ok";
    const parts = splitLinks(text);
    expect(parts.filter((p) => p.link).map((p) => p.text)).toEqual(["https://example.org/a?b=1", "javascript:alert(1)"]);
    expect(parts.map((p) => p.text).join("")).toBe(text);
  });
});
