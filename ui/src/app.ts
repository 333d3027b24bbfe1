// The application shell: navigation between views, the status line, the
// theme, and global guards (links in content never navigate the webview).
import { h, mount } from "./dom";
import type { ChatInfo, Theme } from "./types";

export type Route =
  | { view: "library" }
  | { view: "chat"; chat: number; position?: number; messageId?: number; info?: ChatInfo }
  | { view: "search"; chat?: number }
  | { view: "import" }
  | { view: "export"; chats?: number[] }
  | { view: "compare" }
  | { view: "insights"; chat?: number | null }
  | { view: "settings" };

/** What a view gets: where to draw, how to navigate, how to report. */
export interface Ctx {
  root: HTMLElement;
  go(route: Route): void;
  status(text: string, kind?: "info" | "error" | "busy"): void;
  /** Registers a cleanup run when the view is left. */
  onLeave(fn: () => void): void;
}

export type View = (ctx: Ctx, route: any) => void | Promise<void>;

const NAV: [Route["view"], string, string][] = [
  ["library", "Library", "1"], ["search", "Search", "2"], ["import", "Import", "3"],
  ["export", "Export", "4"], ["compare", "Compare", "5"], ["insights", "Insights", "6"],
  ["settings", "Settings", "7"],
];

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

/** Stops every click on a link inside content from navigating the webview. */
export function guardNavigation(doc: Document): void {
  doc.addEventListener("click", (ev) => {
    const a = (ev.target as Element | null)?.closest?.("a");
    if (a && !a.hasAttribute("data-internal")) ev.preventDefault();
  }, true);
  doc.addEventListener("auxclick", (ev) => ev.preventDefault(), true);
  // A file dropped on the page must not replace it.
  doc.addEventListener("dragover", (ev) => ev.preventDefault());
  doc.addEventListener("drop", (ev) => ev.preventDefault());
}

export function startApp(host: HTMLElement, views: Record<Route["view"], View>): Ctx["go"] {
  const main = h("main", { id: "main", tabindex: "-1" });
  const status = h("div", { id: "status", role: "status", "aria-live": "polite" });
  const buttons = NAV.map(([view, label, key]) =>
    h("button", {
      id: `nav-${view}`, type: "button", title: `${label} (Alt+${key})`, "data-view": view,
      onclick: () => go({ view } as Route),
    }, label));
  mount(host, h("nav", { id: "nav", "aria-label": "Views" }, h("div", { class: "brand" }, "Ferry"), buttons),
    h("div", { class: "content" }, main, status));

  let leave: (() => void)[] = [];
  let seq = 0;
  const setStatus = (text: string, kind: "info" | "error" | "busy" = "info") => {
    status.textContent = text;
    status.dataset.kind = kind;
  };

  function go(route: Route): void {
    for (const fn of leave) fn();
    leave = [];
    const mine = ++seq;
    const active = route.view === "chat" ? "library" : route.view;
    for (const b of buttons) b.classList.toggle("active", b.dataset.view === active);
    // Each visit draws into its own root: a view still awaiting data when
    // the user moves on draws into a detached element, not over the next view.
    const root = h("div", { class: "view-root" });
    main.replaceChildren(root);
    main.dataset.view = route.view;
    setStatus("");
    const ctx: Ctx = {
      root,
      go: (r) => { if (mine === seq) go(r); },
      status: (t, k) => { if (mine === seq) setStatus(t, k); },
      onLeave: (fn) => { if (mine === seq) leave.push(fn); else fn(); },
    };
    Promise.resolve(views[route.view](ctx, route)).catch((e: unknown) => {
      if (mine === seq) setStatus(e instanceof Error ? e.message : String(e), "error");
    });
  }

  document.addEventListener("keydown", (ev) => {
    const typing = ev.target instanceof HTMLInputElement || ev.target instanceof HTMLTextAreaElement
      || ev.target instanceof HTMLSelectElement;
    if (ev.key === "/" && !typing && !ev.altKey && !ev.ctrlKey && !ev.metaKey) {
      ev.preventDefault();
      go({ view: "search" });
      return;
    }
    if (!ev.altKey) return;
    const hit = NAV.find(([, , key]) => key === ev.key);
    if (hit) {
      ev.preventDefault();
      go({ view: hit[0] } as Route);
    }
  });
  return go;
}
