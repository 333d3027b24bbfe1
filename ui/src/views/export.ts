// Export view: pick chats, pick the target app (or a readable archive); the
// screen says what the target will receive, what is lost and the steps on
// the phone (catalog migration paths + exporter format info); rename
// senders; export with progress; reveal the result in the file manager.
import * as api from "../api";
import type { Ctx } from "../app";
import { h, mount } from "../dom";
import { appName, count } from "../format";
import { ARCHIVE_FORMATS, parseRenames, planForApp, planForArchive, type TargetPlan } from "../logic/exportTarget";
import type { ChatInfo, ExportSummary } from "../types";
import { progressBox } from "./progress";

function planNode(plan: TargetPlan | null, why: string): HTMLElement {
  if (!plan) return h("div", { id: "export-plan", class: "plan none" }, h("p", null, why));
  return h("div", { id: "export-plan", class: "plan", "data-format": plan.format },
    h("p", { class: "summary" }, plan.summary),
    h("h3", null, "What the target receives"), h("p", null, plan.receives),
    h("h3", null, "What is lost"), h("ul", null, plan.lost.map((l) => h("li", null, l))),
    h("h3", null, "Steps"), h("ol", null, plan.steps.map((s) => h("li", null, s))),
    plan.source ? h("p", { class: "source" }, `Source: ${plan.source.title} (${plan.source.url})${plan.official === false ? " — community tool, not official" : ""}`) : null);
}

export function summaryNode(s: ExportSummary): HTMLElement {
  return h("div", { id: "export-summary", class: "report", "data-messages": s.messages },
    h("h2", null, "Export finished"),
    h("p", null, `${count(s.messages)} messages from ${s.chats.length} chat(s) written as ${s.format}; ${s.attachments_written} attachments written, ${s.attachments_missing} missing.`),
    s.chats.map((c) => c.target_hint ? h("p", { class: "hint" }, `${c.title}: ${c.target_hint}`) : null),
    s.degraded.length ? h("ul", null, s.degraded.map((d) => h("li", null, `${d.count} × ${d.reason}`))) : null,
    h("ul", { class: "files" }, s.files.map((f) => h("li", null, h("code", null, f), " ",
      h("button", { type: "button", onclick: () => void api.revealPath(f) }, "Show in file manager")))));
}

export async function exportView(ctx: Ctx, route: { chats?: number[] }): Promise<void> {
  const [chats, formats, apps] = await Promise.all([api.listChats(), api.exportFormats(), api.catalogApps()]);
  if (chats.length === 0) {
    mount(ctx.root, h("section", { class: "empty-state" }, h("h1", null, "Nothing to export yet"),
      h("p", null, "Import a chat first, then come back here to move it into another app."),
      h("button", { type: "button", class: "primary", onclick: () => ctx.go({ view: "import" }) }, "Import a chat")));
    return;
  }
  const picked = new Set(route.chats ?? []);
  const chatList = h("ul", { class: "pick-chats" }, chats.map((c) => h("li", null, h("label", null,
    h("input", { type: "checkbox", class: "export-chat", value: c.id, "data-chat-id": c.id, checked: picked.has(c.id),
      onchange: (ev: Event) => { (ev.target as HTMLInputElement).checked ? picked.add(c.id) : picked.delete(c.id); void replan(); } }),
    ` ${c.title} `, h("span", { class: `badge app-${c.app}` }, appName(c.app)), ` ${count(c.messages)}`))));
  const target = h("select", { id: "export-target", "aria-label": "Target" },
    h("optgroup", { label: "Into an app" }, apps.map((a) => h("option", { value: `app:${a.id}` }, a.name))),
    h("optgroup", { label: "Keep as an archive" }, ARCHIVE_FORMATS.map((f) => h("option", { value: `archive:${f}` }, f.toUpperCase()))));
  target.value = "archive:html";
  const format = h("select", { id: "export-format", "aria-label": "Format" }, formats.map((f) => h("option", { value: f.id }, f.id)));
  const planBox = h("div", null);
  const renames = h("textarea", { id: "export-renames", rows: "3", placeholder: "Old name = Name in the new app", "aria-label": "Rename senders" });
  const outField = h("input", { type: "text", id: "export-out", placeholder: "Folder to write into", "aria-label": "Output folder" });
  const start = h("button", { type: "button", id: "export-start", class: "primary" }, "Export");
  const result = h("div", null);
  const senders = h("p", { class: "hint" });

  async function replan(): Promise<void> {
    const chosen: ChatInfo[] = chats.filter((c) => picked.has(c.id));
    const names = [...new Set(chosen.flatMap((c) => c.participants.map((p) => p.name)))];
    senders.textContent = names.length ? `People in these chats: ${names.join(", ")}` : "";
    const [kind, id] = target.value.split(":") as [string, string];
    if (kind === "archive") {
      const plan = planForArchive(id, formats);
      if (plan) format.value = plan.format;
      return mount(planBox, planNode(plan, "Unknown format."));
    }
    const from = chosen[0]?.app;
    if (!from) return mount(planBox, planNode(null, "Pick at least one chat to see how it can move."));
    try {
      const plan = planForApp(await api.advise(from, id), formats);
      if (plan) format.value = plan.format;
      mount(planBox, planNode(plan, `No way is known to import ${appName(from)} history into ${apps.find((a) => a.id === id)?.name ?? id}. Choose an archive to keep it readable.`));
    } catch (e) {
      mount(planBox, planNode(null, `The catalog has no migration data for ${appName(from)}: ${e instanceof Error ? e.message : e}`));
    }
  }

  start.addEventListener("click", async () => {
    const { renames: map, errors } = parseRenames(renames.value);
    if (errors.length) return ctx.status(errors.join("; "), "error");
    if (!picked.size) return ctx.status("Pick at least one chat.", "error");
    if (!outField.value.trim()) return ctx.status("Choose a folder to write the export into.", "error");
    const progress = progressBox("export-progress");
    mount(result, progress.el);
    start.disabled = true;
    ctx.status("Exporting…", "busy");
    try {
      const summary = await api.exportChats({ chats: [...picked], format: format.value, out: outField.value.trim(),
        renames: map, phones: {}, me: null, includeMedia: true }, progress.update);
      mount(result, summaryNode(summary));
      ctx.status(`Exported ${summary.messages} messages.`);
    } catch (e) {
      mount(result, h("p", { id: "export-summary", class: "error" }, `Export failed: ${e instanceof Error ? e.message : e}`));
      ctx.status("Export failed", "error");
    } finally {
      start.disabled = false;
    }
  });
  target.addEventListener("change", () => void replan());
  mount(ctx.root, h("section", { id: "export-view" }, h("h1", null, "Export chats"),
    h("div", { class: "cols" },
      h("div", null, h("h2", null, "1. Chats"), chatList),
      h("div", null, h("h2", null, "2. Where to"), target, " format ", format, planBox,
        h("h2", null, "3. Sender names"), senders, renames,
        h("h2", null, "4. Write"), h("label", { class: "field" }, "Output folder ", outField,
          h("button", { type: "button", onclick: async () => { const d = await api.pickFolder("Export into"); if (d) outField.value = d; } }, "Choose…")),
        start, result))));
  await replan();
}
