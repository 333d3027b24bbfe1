// Entry point: guards navigation, applies the saved theme, and starts the
// shell with every view, opening the library.
import * as api from "./api";
import { applyTheme, guardNavigation, startApp } from "./app";
import { chatView } from "./views/chat";
import { compareView } from "./views/compare";
import { exportView } from "./views/export";
import { importView } from "./views/import";
import { insightsView } from "./views/insights";
import { libraryView } from "./views/library";
import { searchView } from "./views/search";
import { settingsView } from "./views/settings";
import { warmUpFonts } from "./warmup";

guardNavigation(document);
const host = document.getElementById("app");
if (host) {
  const go = startApp(host, {
    library: libraryView, chat: chatView, search: searchView, import: importView,
    export: exportView, compare: compareView, insights: insightsView, settings: settingsView,
  });
  api.getSettings().then((s) => applyTheme(s.theme), () => applyTheme("system"));
  go({ view: "library" });
  setTimeout(() => warmUpFonts(document), 0);
}
