// Search view: full-text search across the library with filters (app, chat,
// sender, date range). Snippets are built from text nodes and <mark>
// elements only; opening a hit shows its chat at that message.
import * as api from "../api";
import type { Ctx } from "../app";
import { h, mount } from "../dom";
import { appName, shortDate, timeOfDay } from "../format";
import { appsPresent } from "../logic/library";
import { buildQuery, PAGE, type SearchForm } from "../logic/searchQuery";
import { segments } from "../logic/snippet";
import type { SearchHit } from "../types";

const last: SearchForm = { text: "", app: "", chat: "", sender: "", since: "", until: "" };

/** The snippet as text nodes with <mark> around the matches. */
export function snippetNode(hit: Pick<SearchHit, "snippet" | "highlights">): HTMLElement {
  return h("div", { class: "snippet" },
    segments(hit.snippet, hit.highlights).map((s) => (s.mark ? h("mark", null, s.text) : s.text)));
}

export async function searchView(ctx: Ctx, route: { chat?: number }): Promise<void> {
  const chats = await api.listChats();
  if (route.chat !== undefined) last.chat = String(route.chat);
  const input = h("input", { type: "search", id: "search-input", placeholder: "Search all messages", value: last.text, "aria-label": "Search text" });
  const app = h("select", { id: "search-app", "aria-label": "App" }, h("option", { value: "" }, "All apps"),
    appsPresent(chats).map(([a]) => h("option", { value: a }, appName(a))));
  const chat = h("select", { id: "search-chat", "aria-label": "Chat" }, h("option", { value: "" }, "All chats"),
    [...chats].sort((a, b) => a.title.localeCompare(b.title)).map((c) => h("option", { value: c.id }, `${c.title} (${appName(c.app)})`)));
  const sender = h("input", { type: "text", id: "search-sender", placeholder: "Sender", value: last.sender, "aria-label": "Sender" });
  const since = h("input", { type: "date", id: "search-since", value: last.since, "aria-label": "From day" });
  const until = h("input", { type: "date", id: "search-until", value: last.until, "aria-label": "Until day" });
  app.value = last.app;
  chat.value = last.chat;
  const results = h("ol", { class: "hits", "aria-label": "Results" });
  const more = h("button", { type: "button", class: "more", hidden: true }, "More results");
  let page = 0;
  let seq = 0;
  let timer = 0;

  const hitRow = (hit: SearchHit) => h("li", {
    "data-testid": "search-hit", "data-message-id": hit.message_id, tabindex: "0",
    onclick: () => void open(hit),
    onkeydown: (ev: KeyboardEvent) => {
      const li = ev.currentTarget as HTMLElement;
      if (ev.key === "Enter") void open(hit);
      else if (ev.key === "ArrowDown") { ev.preventDefault(); (li.nextElementSibling as HTMLElement | null)?.focus(); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); ((li.previousElementSibling as HTMLElement | null) ?? input).focus(); }
    },
  },
  h("div", { class: "hit-head" },
    h("span", { class: `badge app-${hit.app}` }, appName(hit.app)),
    h("span", { class: "chat" }, hit.chat_title),
    h("span", { class: "who" }, hit.sender ?? ""),
    h("span", { class: "when" }, `${shortDate(hit.sent_at)} ${timeOfDay(hit.sent_at)}`)),
  snippetNode(hit));

  async function open(hit: SearchHit): Promise<void> {
    const pos = await api.messagePosition(hit.message_id);
    if (!pos) return ctx.status("That message is no longer in the library.", "error");
    ctx.go({ view: "chat", chat: pos.chat, position: pos.position, messageId: hit.message_id });
  }

  async function run(append: boolean): Promise<void> {
    clearTimeout(timer); // an explicit search supersedes a pending as-you-type one
    Object.assign(last, { text: input.value, app: app.value, chat: chat.value, sender: sender.value, since: since.value, until: until.value });
    page = append ? page + 1 : 0;
    const q = buildQuery(last, page);
    if ("error" in q) {
      if (!append) mount(results);
      more.hidden = true;
      return ctx.status(q.error, input.value.trim() ? "error" : "info");
    }
    ctx.status("Searching…", "busy");
    const mine = ++seq;
    const hits = await api.search(q);
    if (mine !== seq) return; // a newer search replaced this one
    if (!append) mount(results);
    results.append(...hits.map(hitRow));
    more.hidden = hits.length < PAGE;
    const n = results.children.length;
    if (n === 0) results.append(h("li", { class: "empty" }, "No messages match. Try fewer words, the start of a word, or remove filters."));
    ctx.status(n ? `${n}${more.hidden ? "" : "+"} messages found` : "Nothing found");
  }

  const form = h("form", { class: "search-form", role: "search" }, input, app, chat, sender,
    h("label", null, "from ", since), h("label", null, "until ", until),
    h("button", { type: "submit", id: "search-go", class: "primary" }, "Search"));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); void run(false); });
  for (const f of [app, chat, since, until]) f.addEventListener("change", () => input.value.trim() && void run(false));
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown") { ev.preventDefault(); (results.firstElementChild as HTMLElement | null)?.focus(); }
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => { if (input.value.trim().length >= 2) void run(false); }, 300);
  });
  ctx.onLeave(() => clearTimeout(timer));
  more.addEventListener("click", () => void run(true));
  mount(ctx.root, h("section", { id: "search-view" }, h("h1", null, "Search"), form, results, more,
    h("p", { class: "hint" }, chats.length === 0
      ? "Import a chat first; then every message is searchable here."
      : "Words match from their start (\"pizz\" finds \"pizza\"); put a phrase in quotes. Enter opens a hit, ↑/↓ move between hits, / comes back here.")));
  input.focus();
  if (last.text.trim()) await run(false);
}
