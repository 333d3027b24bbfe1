// Import view: drop files/zips/folders on the window, pick them with the
// file dialog, or type a path; options (time zone, date order, who is me,
// Signal passphrase); live progress with cancel; then a report of what was
// imported, merged, skipped and why.
import * as api from "../api";
import type { Ctx } from "../app";
import { h, mount } from "../dom";
import { splitPaths, totals, verdict } from "../logic/importReport";
import type { DateOrder, ImportReport, ImportSettings } from "../types";
import { progressBox } from "./progress";

export function reportNode(r: ImportReport): HTMLElement {
  const t = totals(r);
  return h("div", { id: "import-report", class: "report", "data-new-messages": t.newMessages, "data-failed": t.failed },
    h("h2", null, r.dry_run ? "Dry run" : "Import finished"),
    h("p", { class: "verdict" }, verdict(r)),
    h("table", null,
      h("thead", null, h("tr", null, ["Export", "Format", "Chats", "Messages", "New", "Merged", "Attachments"].map((c) => h("th", null, c)))),
      h("tbody", null, r.sources.map((s) => h("tr", { class: s.error ? "failed" : "" },
        h("td", { title: s.path }, s.label || s.path),
        h("td", null, s.format ?? "—"),
        s.error
          ? h("td", { colspan: "5", class: "error" }, `Not imported: ${s.error}`)
          : [s.chats, s.messages, s.new_messages, s.messages - s.new_messages, s.attachments].map((n) => h("td", { class: "num" }, String(n))))))),
    r.sources.some((s) => s.skipped.length || s.warnings.length)
      ? h("details", { open: true }, h("summary", null, `Skipped and warnings (${t.skipped + t.warnings})`),
        h("ul", null, r.sources.flatMap((s) => [
          ...s.skipped.map((k) => h("li", null, h("strong", null, "Skipped "), `${k.location}: ${k.reason}`)),
          ...s.warnings.map((w) => h("li", null, h("strong", null, "Warning "), w)),
        ])))
      : null);
}

export async function importView(ctx: Ctx): Promise<void> {
  const [settings, zones] = await Promise.all([api.getSettings(), api.listTimeZones()]);
  const pathField = h("textarea", { id: "import-path", rows: "2", placeholder: "/path/to/WhatsApp Chat.zip (one path per line)", "aria-label": "Paths to import" });
  const tz = h("input", { type: "text", id: "import-tz", list: "tz-list", value: settings.defaultTimeZone ?? "", "aria-label": "Time zone" });
  const order = h("select", { id: "import-date-order", "aria-label": "Date order" },
    ([["", "Detect"], ["dmy", "Day/Month/Year"], ["mdy", "Month/Day/Year"], ["ymd", "Year/Month/Day"]] as const).map(([v, l]) => h("option", { value: v }, l)));
  const me = h("input", { type: "text", id: "import-me", placeholder: "Your name as it appears in the chat", "aria-label": "Me" });
  const pass = h("input", { type: "password", id: "import-passphrase", autocomplete: "off", placeholder: "Signal backups only", "aria-label": "Passphrase" });
  const start = h("button", { type: "button", id: "import-start", class: "primary" }, "Import");
  const check = h("button", { type: "button", id: "import-check", title: "Read the exports without storing anything" }, "Check only");
  const drop = h("div", { class: "dropzone", id: "import-drop" },
    h("p", null, "Drop exported chats here: .zip, .txt, .json, .html, .xml files or whole folders."),
    h("button", { type: "button", onclick: () => void pick(false) }, "Choose files…"), " ",
    h("button", { type: "button", onclick: () => void pick(true) }, "Choose a folder…"));
  const out = h("div", { class: "import-out" });
  let busy = false;

  async function pick(folder: boolean): Promise<void> {
    const paths = await api.pickImportPaths(folder);
    if (paths?.length) {
      pathField.value = paths.join("\n");
      await run();
    }
  }

  async function run(dryRun = false): Promise<void> {
    const paths = splitPaths(pathField.value);
    if (busy) return;
    if (!paths.length) return ctx.status("Drop a file here, choose one, or type its path first.", "error");
    const options: ImportSettings = {
      tz: tz.value.trim() || null, dateOrder: (order.value || null) as DateOrder | null,
      me: me.value.trim() || null, passphrase: pass.value || null,
    };
    busy = true;
    start.disabled = check.disabled = true;
    const progress = progressBox("import-progress");
    mount(out, progress.el);
    ctx.status("Importing…", "busy");
    try {
      const report = await (dryRun ? api.dryRunPaths : api.importPaths)(paths, options, progress.update);
      mount(out, reportNode(report),
        h("button", { type: "button", onclick: () => ctx.go({ view: "library" }) }, "Open the library"));
      ctx.status(verdict(report));
    } catch (e) {
      const cancelled = e instanceof api.ApiError && e.code === "cancelled";
      mount(out, h("p", { id: "import-report", class: cancelled ? "" : "error" },
        cancelled ? "Import cancelled; the library is as it was." : `Import failed: ${e instanceof Error ? e.message : e}`));
      ctx.status(cancelled ? "Cancelled" : "Import failed", cancelled ? "info" : "error");
    } finally {
      busy = false;
      start.disabled = check.disabled = false;
      pass.value = "";
    }
  }

  start.addEventListener("click", () => void run());
  check.addEventListener("click", () => void run(true));
  const unlisten = await api.onFileDrop((paths) => {
    pathField.value = paths.join("\n");
    void run();
  }, (over) => drop.classList.toggle("over", over)).catch(() => () => {});
  ctx.onLeave(unlisten);
  mount(ctx.root, h("section", { id: "import-view" },
    h("h1", null, "Import chats"),
    drop,
    h("label", { class: "field" }, "Or type a path", pathField),
    h("fieldset", null, h("legend", null, "Options"),
      h("label", null, "Time zone of the export ", tz, h("datalist", { id: "tz-list" }, zones.map((z) => h("option", { value: z })))),
      h("label", null, "Date order ", order),
      h("label", null, "Me ", me),
      h("label", null, "Passphrase ", pass)),
    start, " ", check, out));
  pathField.focus();
}
