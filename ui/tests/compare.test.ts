import { describe, expect, it } from "vitest";
import { claimsFor, differs, groupComparison, isStale, togglePick } from "../src/logic/compare";
import type { CellValue, Claim, Comparison } from "../src/types";

const cell = (value: string, as_of: string | null = "2026-01-01"): CellValue =>
  ({ value, as_of, source: { url: "https://example.org", title: "Doc" }, evidence: null, basis: "vendor-claim", note: null });

const cmp: Comparison = {
  apps: [
    { id: "signal", name: "Signal", criteria: { e2ee: cell("default"), phone: cell("required") }, incidents: [], outages: [], legal_events: [], ownership_changes: [] },
    { id: "telegram", name: "Telegram", criteria: { e2ee: cell("opt-in"), phone: cell("required") }, incidents: [], outages: [], legal_events: [], ownership_changes: [] },
  ],
  criteria: [
    { key: "e2ee", group: "encryption", title: "E2EE", definition: "", values: [], ranked: true, kind: "choice" },
    { key: "phone", group: "metadata", title: "Phone number", definition: "", values: [], ranked: false, kind: "choice" },
    { key: "audit", group: "encryption", title: "Audit", definition: "", values: [], ranked: false, kind: "text" },
  ],
};

describe("groupComparison", () => {
  it("groups criteria in order with one cell per app", () => {
    const g = groupComparison(cmp);
    expect(g.map((x) => [x.key, x.title, x.rows.map((r) => r.criterion.key)])).toEqual([
      ["encryption", "Encryption (content)", ["e2ee", "audit"]],
      ["metadata", "Metadata and identity", ["phone"]],
    ]);
    expect(g[0]!.rows[0]!.cells.map((c) => c?.value)).toEqual(["default", "opt-in"]);
    expect(g[0]!.rows[1]!.cells).toEqual([null, null]);
  });
  it("flags rows where apps differ", () => {
    const [enc, meta] = groupComparison(cmp);
    expect(differs(enc!.rows[0]!)).toBe(true);
    expect(differs(meta!.rows[0]!)).toBe(false);
    expect(differs(enc!.rows[1]!)).toBe(false);
  });
});

describe("isStale", () => {
  const today = new Date(Date.UTC(2026, 10, 22));
  it("marks checks older than a year", () => {
    expect(isStale("2025-11-21", today)).toBe(true);
    expect(isStale("2025-11-22", today)).toBe(false);
    expect(isStale("2026-06-01", today)).toBe(false);
  });
  it("never marks missing or partial dates", () => {
    expect(isStale(null, today)).toBe(false);
    expect(isStale("2019", today)).toBe(false);
  });
});

describe("picks and claims", () => {
  it("keeps at most four apps, dropping the oldest pick", () => {
    expect(togglePick(["a", "b", "c", "d"], "e")).toEqual(["b", "c", "d", "e"]);
    expect(togglePick(["a", "b"], "a")).toEqual(["b"]);
  });
  it("keeps only claims about the chosen apps", () => {
    const claim = (id: string, apps: string[]): Claim => ({ id, claim: "", said_by: "", said_on: "", apps, verdict: "false", explanation: "", as_of: "", sources: [] });
    expect(claimsFor([claim("x", ["telegram"]), claim("y", ["whatsapp"])], ["signal", "telegram"]).map((c) => c.id)).toEqual(["x"]);
  });
});
