import { describe, expect, it } from "vitest";
import { percent, progressText, splitPaths, totals, verdict } from "../src/logic/importReport";
import type { ImportReport, SourceReport } from "../src/types";

const src = (o: Partial<SourceReport>): SourceReport => ({
  path: "a.zip", format: "whatsapp", label: "Chat", chats: 1, messages: 10, new_messages: 10, attachments: 0,
  warnings: [], skipped: [], error: null, ...o,
});

describe("import report", () => {
  const r: ImportReport = { dry_run: false, sources: [
    src({ messages: 10, new_messages: 4, skipped: [{ location: "line 3", reason: "not a message" }] }),
    src({ error: "not an export", messages: 0, new_messages: 0 }),
  ] };
  it("totals new, merged, skipped and failed", () => {
    expect(totals(r)).toMatchObject({ sources: 2, failed: 1, newMessages: 4, merged: 6, skipped: 1 });
  });
  it("says it in one line", () => {
    expect(verdict(r)).toBe("4 new messages imported, 6 already in the library (merged), 1 items skipped, 1 of 2 exports failed.");
    expect(verdict({ dry_run: false, sources: [] })).toBe("No export was found in what you chose.");
    expect(verdict({ dry_run: true, sources: [src({ new_messages: 0 })] })).toBe("10 messages would be read.");
  });
  it("formats progress", () => {
    expect(progressText({ phase: "importing", label: "Chat.zip", done: 50, total: 200 })).toBe("Importing: Chat.zip (25%)");
    expect(percent({ phase: "indexing", label: "", done: 3, total: 0 })).toBeNull();
  });
  it("splits path fields on lines and semicolons", () => {
    expect(splitPaths(" /a b/c.zip \n\n/d;/e ")).toEqual(["/a b/c.zip", "/d", "/e"]);
  });
});
