import { describe, expect, it } from "vitest";
import { parseRenames, planForApp, planForArchive } from "../src/logic/exportTarget";
import type { Advice, FormatInfo } from "../src/types";

const formats: FormatInfo[] = [
  { id: "whatsapp", description: "zip with _chat.txt", target: "Telegram import", lost: "reactions" },
  { id: "html", description: "offline folder", target: "any web browser", lost: "nothing you can read" },
];

const advice = (paths: Advice["history"]["paths"]): Advice => ({
  from: { id: "whatsapp", name: "WhatsApp" }, to: { id: "telegram", name: "Telegram" }, groups: [],
  history: { export: null, paths, summary: "History can move." }, target_limits: [],
});

describe("export target descriptions", () => {
  it("describes an app target from its migration path and format", () => {
    const plan = planForApp(advice([{
      to: "telegram", ferry_format: "whatsapp", official: true, steps: ["Share the zip to Telegram"],
      lost: ["original order"], source: { url: "https://telegram.org", title: "Telegram" },
    }]), formats)!;
    expect(plan.format).toBe("whatsapp");
    expect(plan.receives).toBe("zip with _chat.txt. Telegram import");
    expect(plan.lost).toEqual(["original order", "reactions"]);
    expect(plan.steps).toEqual(["Share the zip to Telegram"]);
    expect(plan.summary).toBe("History can move.");
  });
  it("prefers the official path", () => {
    const p = (official: boolean, f: string) => ({ to: "x", ferry_format: f, official, steps: [], lost: [], source: { url: "", title: "" } });
    expect(planForApp(advice([p(false, "html"), p(true, "whatsapp")]), formats)!.format).toBe("whatsapp");
  });
  it("says there is no plan when no path exists", () => {
    expect(planForApp(advice([]), formats)).toBeNull();
  });
  it("describes an archive target", () => {
    const plan = planForArchive("html", formats)!;
    expect(plan.receives).toBe("offline folder");
    expect(plan.lost).toEqual(["nothing you can read"]);
    expect(planForArchive("pdf", formats)).toBeNull();
  });
});

describe("parseRenames", () => {
  it("reads Old = New lines and reports bad ones", () => {
    expect(parseRenames("Ana = Ana B.\n# comment\n\nMom=Mum\nbroken\n = x")).toEqual({
      renames: { Ana: "Ana B.", Mom: "Mum" },
      errors: ['line 5: expected "Old name = New name"', 'line 6: expected "Old name = New name"'],
    });
  });
});
