// Settings view: library location, default time zone for imports, theme
// (light, dark or follow the system). Saved through the shell.
import * as api from "../api";
import { applyTheme, type Ctx } from "../app";
import { h, mount } from "../dom";
import { bytes, count } from "../format";
import type { Settings, Theme } from "../types";

export async function settingsView(ctx: Ctx): Promise<void> {
  const [settings, zones, info] = await Promise.all([api.getSettings(), api.listTimeZones(), api.libraryInfo()]);
  const dir = h("input", { type: "text", id: "settings-library", value: settings.libraryDir ?? "", placeholder: "Default location", "aria-label": "Library folder" });
  const tz = h("select", { id: "settings-tz", "aria-label": "Default time zone" },
    h("option", { value: "" }, "This computer's time zone"), zones.map((z) => h("option", { value: z }, z)));
  tz.value = settings.defaultTimeZone ?? "";
  const themes: [Theme, string][] = [["system", "Follow the system"], ["light", "Light"], ["dark", "Dark"]];
  const theme = h("select", { id: "settings-theme", "aria-label": "Theme" }, themes.map(([v, l]) => h("option", { value: v }, l)));
  theme.value = settings.theme;
  theme.addEventListener("change", () => applyTheme(theme.value as Theme));

  const save = async () => {
    const next: Settings = { libraryDir: dir.value.trim() || null, defaultTimeZone: tz.value || null, theme: theme.value as Theme };
    await api.setSettings(next);
    applyTheme(next.theme);
    ctx.status("Settings saved.");
  };
  mount(ctx.root, h("section", { id: "settings-view" }, h("h1", null, "Settings"),
    h("label", { class: "field" }, "Library folder ", dir,
      h("button", { type: "button", onclick: async () => { const d = await api.pickFolder("Library folder"); if (d) dir.value = d; } }, "Choose…")),
    h("p", { class: "hint" }, `Open library: ${info.dir} — ${count(info.stats.messages)} messages, ${count(info.stats.attachments)} attachments (${bytes(info.stats.attachment_bytes)}).`),
    h("label", { class: "field" }, "Default time zone for imports ", tz),
    h("label", { class: "field" }, "Theme ", theme),
    h("button", { type: "button", id: "settings-save", class: "primary", onclick: () => void save().catch((e) => ctx.status(String(e instanceof Error ? e.message : e), "error")) }, "Save")));
}
