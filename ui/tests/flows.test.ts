// Import, export and compare views driven like a user would, with the shell
// mocked: what they send to the commands and what they show back.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Ctx, Route } from "../src/app";
import type { ExportSettings, ImportSettings, ProgressUpdate } from "../src/types";
import { chat } from "./fixtures";

const sent: { cmd: string; args: unknown }[] = [];
let failImport: { code: string; message: string } | null = null;

vi.mock("../src/api", () => {
  class ApiError extends Error { constructor(readonly code: string, message: string) { super(message); } }
  return {
    ApiError,
    getSettings: async () => ({ libraryDir: "/lib", defaultTimeZone: "Europe/Berlin", theme: "system" }),
    listTimeZones: async () => ["UTC", "Europe/Berlin"],
    onFileDrop: async () => () => {},
    cancelJob: vi.fn(async () => {}),
    importPaths: async (paths: string[], options: ImportSettings, onProgress: (p: ProgressUpdate) => void) => {
      sent.push({ cmd: "import_paths", args: { paths, options } });
      onProgress({ phase: "importing", label: "chat.txt", done: 1, total: 2 });
      if (failImport) throw new ApiError(failImport.code, failImport.message);
      return { dry_run: false, sources: [{ path: paths[0], format: "whatsapp", label: "Chat with Ana", chats: 1, messages: 12,
        new_messages: 9, attachments: 0, warnings: [], skipped: [{ location: "line 4", reason: "not a message line" }] }] };
    },
    listChats: async () => [chat(7, "Ana", { app: "whatsapp", participants: [
      { id: 1, key: "Ana", name: "Ana", phone: null, handle: null, native_id: null, is_me: false }] })],
    exportFormats: async () => [
      { id: "whatsapp", description: "zip", target: "Telegram", lost: "reactions" },
      { id: "html", description: "folder", target: "browser", lost: "nothing" }],
    catalogApps: async () => [{ id: "telegram", name: "Telegram" }, { id: "signal", name: "Signal" }],
    catalogClaims: async () => [],
    advise: async (from: string, to: string) => ({ from: { id: from, name: from }, to: { id: to, name: to }, groups: [],
      history: { export: null, summary: "ok", paths: to === "telegram"
        ? [{ to, ferry_format: "whatsapp", official: true, steps: ["Share the zip"], lost: [], source: { url: "u", title: "t" } }] : [] },
      target_limits: [] }),
    exportChats: async (request: ExportSettings) => {
      sent.push({ cmd: "export_chats", args: request });
      return { format: request.format, chats: [{ title: "Ana", messages: 12, parts: 1 }], messages: 12, attachments_written: 0,
        attachments_missing: 0, degraded: [], files: [`${request.out}/WhatsApp Chat - Ana.zip`] };
    },
    revealPath: vi.fn(async () => {}),
    compareApps: async (apps: string[]) => ({ apps: apps.map((id) => ({ id, name: id, criteria: {}, incidents: [] })), criteria: [] }),
  };
});

function ctx(): Ctx & { messages: string[] } {
  const root = document.createElement("main");
  document.body.append(root);
  const messages: string[] = [];
  return { root, messages, go: (_r: Route) => {}, status: (t) => messages.push(t), onLeave: () => {} };
}
const q = <T extends Element>(c: Ctx, sel: string) => c.root.querySelector<T>(sel)!;
const tick = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => { document.body.replaceChildren(); sent.length = 0; failImport = null; });

describe("import view", () => {
  it("imports the typed path with the options and shows the report", async () => {
    const { importView } = await import("../src/views/import");
    const c = ctx();
    await importView(c);
    q<HTMLTextAreaElement>(c, "#import-path").value = "/tmp/chat.txt\n";
    q<HTMLInputElement>(c, "#import-me").value = "Ana";
    q<HTMLSelectElement>(c, "#import-date-order").value = "mdy";
    q<HTMLButtonElement>(c, "#import-start").click();
    await tick();
    expect(sent).toEqual([{ cmd: "import_paths", args: { paths: ["/tmp/chat.txt"],
      options: { tz: "Europe/Berlin", dateOrder: "mdy", me: "Ana", passphrase: null } } }]);
    const report = q<HTMLElement>(c, "#import-report");
    expect(report.dataset.newMessages).toBe("9");
    expect(report.textContent).toContain("9 new messages imported, 3 already in the library (merged), 1 items skipped.");
    expect(report.textContent).toContain("line 4: not a message line");
  });
  it("says a cancelled import left the library as it was", async () => {
    failImport = { code: "cancelled", message: "cancelled" };
    const { importView } = await import("../src/views/import");
    const c = ctx();
    await importView(c);
    q<HTMLTextAreaElement>(c, "#import-path").value = "/tmp/big.zip";
    q<HTMLButtonElement>(c, "#import-start").click();
    await tick();
    expect(q<HTMLElement>(c, "#import-report").textContent).toBe("Import cancelled; the library is as it was.");
  });
  it("asks for a path before starting", async () => {
    const { importView } = await import("../src/views/import");
    const c = ctx();
    await importView(c);
    q<HTMLButtonElement>(c, "#import-start").click();
    await tick();
    expect(sent).toEqual([]);
    expect(c.messages.at(-1)).toContain("type its path");
  });
});

describe("export view", () => {
  it("describes the target app, then exports with renames and reveals the file", async () => {
    const { exportView } = await import("../src/views/export");
    const api = await import("../src/api");
    const c = ctx();
    await exportView(c, { chats: [7] });
    const target = q<HTMLSelectElement>(c, "#export-target");
    target.value = "app:telegram";
    target.dispatchEvent(new Event("change"));
    await tick();
    expect(q<HTMLElement>(c, "#export-plan").dataset.format).toBe("whatsapp");
    expect(q<HTMLElement>(c, "#export-plan").textContent).toContain("Share the zip");
    q<HTMLTextAreaElement>(c, "#export-renames").value = "Ana = Ana B.";
    q<HTMLInputElement>(c, "#export-out").value = "/tmp/out";
    q<HTMLButtonElement>(c, "#export-start").click();
    await tick();
    expect(sent[0]).toEqual({ cmd: "export_chats", args: { chats: [7], format: "whatsapp", out: "/tmp/out",
      renames: { Ana: "Ana B." }, phones: {}, me: null, includeMedia: true } });
    const summary = q<HTMLElement>(c, "#export-summary");
    expect(summary.dataset.messages).toBe("12");
    summary.querySelector("button")!.click();
    expect(api.revealPath).toHaveBeenCalledWith("/tmp/out/WhatsApp Chat - Ana.zip");
  });
  it("says when no import path exists into the target", async () => {
    const { exportView } = await import("../src/views/export");
    const c = ctx();
    await exportView(c, { chats: [7] });
    const target = q<HTMLSelectElement>(c, "#export-target");
    target.value = "app:signal";
    target.dispatchEvent(new Event("change"));
    await tick();
    expect(q<HTMLElement>(c, "#export-plan").textContent).toContain("No way is known to import WhatsApp history into Signal");
  });
});

describe("compare view", () => {
  it("compares once two apps are picked", async () => {
    const { compareView } = await import("../src/views/compare");
    const c = ctx();
    await compareView(c);
    expect(c.root.querySelector("#compare-table")).toBeNull();
    q<HTMLButtonElement>(c, "#compare-app-telegram").click();
    q<HTMLButtonElement>(c, "#compare-app-signal").click();
    await tick();
    const heads = [...c.root.querySelectorAll("#compare-table thead th")].map((th) => th.textContent);
    expect(heads).toEqual(["Criterion", "telegram", "signal"]);
  });
});
