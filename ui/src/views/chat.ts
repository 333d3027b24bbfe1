// Chat view: header (title, app, counts, jump to date, shortcuts to search,
// insights and export of this chat) over the virtualised timeline. Opens at
// the newest message, or at a given position (search hit, reply jump).
import * as api from "../api";
import type { Ctx } from "../app";
import { h, mount } from "../dom";
import { appName, count, dayStartMs, shortDate } from "../format";
import type { ChatInfo } from "../types";
import { createTimeline } from "./timeline";
import { mark } from "../trace";

/** How long the view waits for its first page before showing placeholder rows. */
const FIRST_PAGE_WAIT_MS = 150;

export async function chatView(ctx: Ctx, route: { chat: number; position?: number; messageId?: number; info?: ChatInfo }) {
  mark("chat-open");
  // The library passes the chat it lists; other ways in ask the shell.
  const chat = route.info?.id === route.chat ? route.info : (await api.listChats()).find((c) => c.id === route.chat);
  mark("chat-info");
  if (!chat) {
    mount(ctx.root, h("div", { class: "empty" }, "This chat is no longer in the library."));
    return;
  }
  const timeline = createTimeline(chat.messages,
    (offset, limit) => api.chatMessages(chat.id, offset, limit),
    (id) => void jumpToMessage(id),
    (e) => ctx.status(`Could not load messages: ${e instanceof Error ? e.message : e}`, "error"),
    route.position !== undefined ? { index: route.position, messageId: route.messageId } : undefined);
  ctx.onLeave(() => timeline.destroy());

  async function jumpToMessage(id: number): Promise<void> {
    const pos = await api.messagePosition(id);
    if (!pos) return ctx.status("The quoted message is not in the library.", "error");
    if (pos.chat !== chat!.id) return ctx.go({ view: "chat", chat: pos.chat, position: pos.position, messageId: id });
    timeline.goTo(pos.position, id);
  }

  const date = h("input", { type: "date", id: "chat-date", "aria-label": "Jump to date" });
  const jump = async () => {
    const ms = dayStartMs(date.value);
    if (ms === null) return ctx.status("Pick a day to jump to.", "error");
    const pos = await api.positionAt(chat.id, ms);
    timeline.goTo(pos);
    ctx.status(`Jumped to ${date.value}.`);
  };
  date.addEventListener("change", () => void jump());

  const header = h("header", { class: "chat-head" },
    h("button", { type: "button", class: "back", title: "Back to the library (Esc)", onclick: () => ctx.go({ view: "library" }) }, "←"),
    h("div", { class: "title" },
      h("h1", null, chat.title),
      h("div", { class: "sub" },
        h("span", { class: `badge app-${chat.app}` }, appName(chat.app)), " ",
        `${count(chat.messages)} messages`,
        chat.first ? ` · ${shortDate(chat.first)} – ${shortDate(chat.last)}` : "")),
    h("label", { class: "jump" }, "Jump to ", date),
    h("button", { type: "button", onclick: () => ctx.go({ view: "search", chat: chat.id }) }, "Search"),
    h("button", { type: "button", onclick: () => ctx.go({ view: "insights", chat: chat.id }) }, "Insights"),
    h("button", { type: "button", onclick: () => ctx.go({ view: "export", chats: [chat.id] }) }, "Export"));

  const view = h("section", { id: "chat-view", "data-chat-id": chat.id }, header,
    chat.messages === 0 ? h("div", { class: "empty" }, "This chat has no messages.") : timeline.el);
  view.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") ctx.go({ view: "library" });
  });
  // Mount once the first page is in: one layout and one paint with messages.
  await timeline.ready(FIRST_PAGE_WAIT_MS);
  mount(ctx.root, view);
  timeline.drawNow();
  mark("chat-mounted");
  timeline.el.focus();
}
