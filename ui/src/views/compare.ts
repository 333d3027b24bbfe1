// Compare view: pick 2-4 messengers; the table groups criteria, and each
// cell shows the value, its basis, when it was checked and its source, with
// a mark when the check is over a year old. Below: the checked press claims
// about those apps and the switch advisor ("from WhatsApp to Signal").
import * as api from "../api";
import type { Ctx } from "../app";
import { h, mount } from "../dom";
import { claimsFor, differs, groupComparison, isStale, togglePick } from "../logic/compare";
import type { Advice, CatalogApp, CellValue, Claim, Comparison } from "../types";

let picked: string[] = [];

function cellNode(c: CellValue | null, today: Date): HTMLElement {
  if (!c) return h("td", { class: "na" }, "—");
  const stale = isStale(c.as_of, today);
  return h("td", { class: `cell${c.value === "unknown" ? " unknown" : ""}${stale ? " stale" : ""}` },
    h("div", { class: "value" }, c.value),
    c.note ? h("div", { class: "note" }, c.note) : null,
    h("div", { class: "basis" }, [c.basis ?? "", c.as_of ? `checked ${c.as_of}` : "", stale ? "⚠ over a year old" : ""].filter(Boolean).join(" · ")),
    c.source ? h("div", { class: "source", title: c.source.url }, c.source.title) : null);
}

export function tableNode(cmp: Comparison, today: Date): HTMLElement {
  return h("table", { id: "compare-table", class: "compare" },
    h("thead", null, h("tr", null, h("th", null, "Criterion"), cmp.apps.map((a) => h("th", { "data-app": a.id }, a.name)))),
    groupComparison(cmp).map((g) => h("tbody", { "data-group": g.key },
      h("tr", { class: "group" }, h("th", { colspan: String(cmp.apps.length + 1) }, g.title)),
      g.rows.map((r) => h("tr", { class: differs(r) ? "differs" : "" },
        h("th", { scope: "row", title: r.criterion.definition }, r.criterion.title),
        r.cells.map((c) => cellNode(c, today)))))));
}

function claimsNode(claims: Claim[]): HTMLElement {
  return h("section", { class: "claims" }, h("h2", null, "Claims checked"),
    claims.length ? h("ul", null, claims.map((c) => h("li", { "data-verdict": c.verdict },
      h("q", null, c.claim), ` — ${c.said_by}, ${c.said_on}. `,
      h("strong", { class: `verdict v-${c.verdict}` }, c.verdict), ` ${c.explanation} (as of ${c.as_of})`)))
      : h("p", null, "No checked claims about these apps."));
}

function adviceNode(a: Advice): HTMLElement {
  const list = (label: string, items: { title: string; from: string; to: string }[], cls: string) =>
    items.length ? h("div", { class: cls }, h("h4", null, label), h("ul", null, items.map((c) => h("li", null, `${c.title}: ${c.from} → ${c.to}`)))) : null;
  return h("div", { id: "advice", class: "advice" },
    h("h3", null, `From ${a.from.name} to ${a.to.name}`),
    a.groups.map((g) => h("div", { class: "advice-group" }, h("h4", null, g.title),
      list("You gain", g.gains, "gains"), list("You lose", g.losses, "losses"),
      list("Different", g.differences, "diff"), list("Unknown", g.unknown, "unknown"),
      g.same ? h("p", null, `${g.same} the same`) : null)),
    h("h4", null, "Your history"), h("p", null, a.history.summary),
    a.target_limits.length ? h("ul", null, a.target_limits.map((l) => h("li", null, `${l.explanation} (${l.value})`))) : null);
}

export async function compareView(ctx: Ctx): Promise<void> {
  const [apps, claims] = await Promise.all([api.catalogApps(), api.catalogClaims()]);
  const today = new Date();
  const out = h("div", { class: "compare-out" });
  const pickers = h("div", { class: "pickers", role: "group", "aria-label": "Apps to compare" });
  const fromSel = h("select", { id: "advise-from", "aria-label": "From" }, apps.map((a) => h("option", { value: a.id }, a.name)));
  const toSel = h("select", { id: "advise-to", "aria-label": "To" }, apps.map((a) => h("option", { value: a.id }, a.name)));
  const adviceOut = h("div", null);

  const drawPickers = () => mount(pickers, apps.map((a: CatalogApp) => h("button", {
    type: "button", id: `compare-app-${a.id}`, class: `pick${picked.includes(a.id) ? " on" : ""}`,
    "aria-pressed": String(picked.includes(a.id)),
    onclick: () => { picked = togglePick(picked, a.id); drawPickers(); void draw(); },
  }, a.name)));

  async function draw(): Promise<void> {
    if (picked.length < 2) {
      mount(out, h("p", { class: "empty" }, "Pick two to four apps to compare them side by side."));
      return;
    }
    const cmp = await api.compareApps(picked);
    mount(out, tableNode(cmp, today), claimsNode(claimsFor(claims, picked)));
    fromSel.value = picked[0]!;
    toSel.value = picked[1]!;
  }

  const advise = async () => mount(adviceOut, adviceNode(await api.advise(fromSel.value, toSel.value)));
  mount(ctx.root, h("section", { id: "compare-view" }, h("h1", null, "Compare messengers"), pickers, out,
    h("section", { class: "advisor" }, h("h2", null, "Switch advisor"),
      h("label", null, "From ", fromSel), h("label", null, " to ", toSel), " ",
      h("button", { type: "button", id: "advise-go", onclick: () => void advise() }, "Advise"), adviceOut)));
  drawPickers();
  await draw();
}
