// Hostile message text, names, file names, snippets and report strings are
// rendered by the real view code; no element may be created from them, no
// handler attribute set, and nothing may run.
import { afterEach, describe, expect, it, vi } from "vitest";
import { h } from "../src/dom";
import { reportNode } from "../src/views/import";
import { renderRow } from "../src/views/message";
import { snippetNode } from "../src/views/search";
import { summaryNode } from "../src/views/export";
import { tableNode } from "../src/views/compare";
import { msg } from "./fixtures";

const HOSTILE = [
  `<img src=x onerror="window.__pwned=1">`,
  `<script>window.__pwned=1</script>`,
  `javascript:window.__pwned=1`,
  `<a href="javascript:window.__pwned=1">click</a>`,
  `<svg onload="window.__pwned=1"></svg>`,
  `<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>`,
  `"><style>*{display:none}</style>`,
];
const DANGEROUS = "img,script,a,svg,iframe,style,object,embed,link,meta,form";

function assertInert(root: Element, mustContain: string[]): void {
  document.body.append(root);
  expect(root.querySelectorAll(DANGEROUS).length, root.outerHTML).toBe(0);
  for (const el of root.querySelectorAll("*")) {
    for (const attr of el.getAttributeNames()) expect(attr.startsWith("on"), `${el.tagName} ${attr}`).toBe(false);
  }
  for (const s of mustContain) expect(root.textContent).toContain(s);
  expect((window as unknown as { __pwned?: unknown }).__pwned).toBeUndefined();
}

afterEach(() => document.body.replaceChildren());

describe("hostile content renders as text", () => {
  const hooks = { jumpTo: vi.fn(), lookup: () => msg("2024-01-01T00:00:00Z", HOSTILE[0]!, { sender_name: HOSTILE[1]! }) };

  it("in message bodies, senders, forwards, reactions and file names", () => {
    const rows = HOSTILE.map((t) => renderRow(msg("2024-01-01T10:00:00Z", t, {
      sender_name: t, reply_to_id: 1,
      m: { forwarded_from: t, reactions: [{ emoji: t, by: t, at: null }],
        attachments: [{ file_name: t, media_kind: "document", mime: null, size: null, content_hash: null }] },
    }), null, hooks));
    assertInert(h("div", null, rows), HOSTILE);
  });

  it("in system lines and deleted messages", () => {
    const rows = HOSTILE.flatMap((t) => [
      renderRow(msg("2024-01-01T10:00:00Z", t, { m: { kind: "system" } }), null, hooks),
      renderRow(msg("2024-01-01T10:00:00Z", t, { m: { kind: "deleted" } }), null, hooks),
    ]);
    assertInert(h("div", null, rows), HOSTILE);
  });

  it("in search snippets with highlights", () => {
    const nodes = HOSTILE.map((t) => snippetNode({ snippet: t, highlights: [[0, 5], [6, 12]] }));
    const root = h("div", null, nodes);
    assertInert(root, HOSTILE);
    expect(root.querySelectorAll("mark").length).toBe(HOSTILE.length * 2);
  });

  it("in import and export reports and the compare table", () => {
    const t = HOSTILE.join(" ");
    const report = reportNode({ dry_run: false, sources: [
      { path: t, format: t, label: t, chats: 1, messages: 2, new_messages: 1, attachments: 0, warnings: [t], skipped: [{ location: t, reason: t }], error: null },
      { path: t, format: null, label: t, chats: 0, messages: 0, new_messages: 0, attachments: 0, warnings: [], skipped: [], error: t },
    ] });
    const summary = summaryNode({ format: "html", chats: [{ title: t, messages: 1, parts: 1, target_hint: t }], messages: 1,
      attachments_written: 0, attachments_missing: 0, degraded: [{ reason: t, count: 1 }], files: [t] });
    const cell = { value: t, as_of: t, source: { url: t, title: t }, evidence: t, basis: null, note: t };
    const table = tableNode({ apps: [{ id: t, name: t, criteria: { k: cell }, incidents: [], outages: [], legal_events: [], ownership_changes: [] }],
      criteria: [{ key: "k", group: t, title: t, definition: t, values: [], ranked: false, kind: "text" }] }, new Date());
    assertInert(h("div", null, report, summary, table), HOSTILE);
  });

  it("the builder refuses handler attributes given as strings", () => {
    expect(() => h("div", { onclick: "window.__pwned=1" })).toThrow();
  });
});
