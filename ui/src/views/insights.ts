// Insights view: messages per month, per sender and by weekday x hour, for
// one chat or the whole library (chosen in a picker).
import * as api from "../api";
import type { Ctx } from "../app";
import { h, mount } from "../dom";
import { count } from "../format";
import { fillMonths, topN } from "../logic/charts";
import { heatmap, monthBars, senderBars } from "./charts";

export async function insightsView(ctx: Ctx, route: { chat?: number | null }): Promise<void> {
  const chats = await api.listChats();
  if (chats.length === 0) {
    mount(ctx.root, h("section", { class: "empty-state" }, h("h1", null, "No insights yet"),
      h("p", null, "Charts of who writes when appear here once you have imported a chat."),
      h("button", { type: "button", class: "primary", onclick: () => ctx.go({ view: "import" }) }, "Import a chat")));
    return;
  }
  const pick = h("select", { id: "insights-chat", "aria-label": "Chat" }, h("option", { value: "" }, "Whole library"),
    [...chats].sort((a, b) => a.title.localeCompare(b.title)).map((c) => h("option", { value: c.id }, c.title)));
  pick.value = route.chat ? String(route.chat) : "";
  const out = h("div", { class: "insights" });

  async function draw(): Promise<void> {
    ctx.status("Counting…", "busy");
    const chat = pick.value ? Number(pick.value) : null;
    const ins = await api.insights(chat);
    mount(out,
      h("p", null, `${count(ins.messages)} messages`),
      h("h2", null, "Messages per month"), monthBars(fillMonths(ins.per_month)),
      h("h2", null, "Who writes"), senderBars(topN(ins.per_sender, 12)),
      h("h2", null, "When (weekday × hour)"), heatmap(ins.hour_weekday));
    ctx.status("");
  }
  pick.addEventListener("change", () => void draw());
  mount(ctx.root, h("section", { id: "insights-view" }, h("header", { class: "toolbar" }, h("h1", null, "Insights"), pick), out));
  await draw();
}
