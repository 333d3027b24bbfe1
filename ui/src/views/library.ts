// Library view: every chat across apps with app badge, last message date and
// message count; filter by app, sort, find by name; arrow keys move through
// the list and Enter opens a chat. An empty library explains how to start.
import * as api from "../api";
import type { Ctx } from "../app";
import { h, mount } from "../dom";
import { appName, count, shortDate } from "../format";
import { appsPresent, filterChats, type LibraryFilter, type SortKey } from "../logic/library";
import type { ChatInfo } from "../types";

const state: LibraryFilter = { app: "all", text: "", sort: "recent" };

export async function libraryView(ctx: Ctx): Promise<void> {
  ctx.status("Loading the library…", "busy");
  const chats = await api.listChats();
  ctx.status(`${chats.length} chats`);
  if (chats.length === 0) {
    mount(ctx.root, h("section", { class: "empty-state" },
      h("h1", null, "Your library is empty"),
      h("p", null, "Ferry keeps your chats from WhatsApp, Telegram, Signal and other apps in one place on this computer. Start by exporting a chat from the app on your phone, then import the file here."),
      h("button", { type: "button", class: "primary", onclick: () => ctx.go({ view: "import" }) }, "Import a chat export")));
    return;
  }
  const find = h("input", { type: "search", id: "library-find", placeholder: "Find a chat or person", value: state.text, "aria-label": "Find a chat" });
  const appSel = h("select", { id: "library-app", "aria-label": "Filter by app" },
    h("option", { value: "all" }, "All apps"),
    appsPresent(chats).map(([app, n]) => h("option", { value: app }, `${appName(app)} (${n})`)));
  appSel.value = state.app;
  const sortSel = h("select", { id: "library-sort", "aria-label": "Sort" },
    ([["recent", "Most recent"], ["name", "Name"], ["messages", "Most messages"], ["app", "App"]] as const)
      .map(([v, l]) => h("option", { value: v }, l)));
  sortSel.value = state.sort;
  const list = h("ul", { class: "chat-list", role: "listbox", "aria-label": "Chats" });

  const row = (c: ChatInfo) => h("li", {
    "data-testid": "chat-row", "data-chat-id": c.id, role: "option", tabindex: "0",
    onclick: () => ctx.go({ view: "chat", chat: c.id, info: c }),
    onkeydown: (ev: KeyboardEvent) => {
      const li = ev.currentTarget as HTMLElement;
      if (ev.key === "Enter") ctx.go({ view: "chat", chat: c.id, info: c });
      else if (ev.key === "ArrowDown") { ev.preventDefault(); (li.nextElementSibling as HTMLElement | null)?.focus(); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); (li.previousElementSibling as HTMLElement | null)?.focus() ?? find.focus(); }
    },
  },
  h("span", { class: `badge app-${c.app}` }, appName(c.app)),
  h("span", { class: "name" }, c.title),
  h("span", { class: "kind" }, c.kind === "direct" ? "" : c.kind),
  h("span", { class: "last" }, shortDate(c.last)),
  h("span", { class: "count" }, count(c.messages)));

  const render = () => {
    state.text = find.value;
    state.app = appSel.value as LibraryFilter["app"];
    state.sort = sortSel.value as SortKey;
    const shown = filterChats(chats, state);
    mount(list, shown.length ? shown.map(row) : h("li", { class: "empty" }, "No chat matches. Clear the filter to see all chats."));
    ctx.status(`${shown.length} of ${chats.length} chats`);
  };
  find.addEventListener("input", render);
  find.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown") { ev.preventDefault(); (list.firstElementChild as HTMLElement | null)?.focus(); }
  });
  appSel.addEventListener("change", render);
  sortSel.addEventListener("change", render);
  mount(ctx.root, h("section", { id: "library-view" },
    h("header", { class: "toolbar" }, h("h1", null, "Library"), find, appSel, sortSel), list));
  render();
  find.focus();
}
