// The virtualised timeline widget: draws only the rows covering the
// viewport (plus a little overscan), fetches pages on demand through a
// Pager, measures rows once drawn, and drives a thin native scrollbar that
// maps to a fractional row index. Wheel, keys and the scrollbar move it.
import { h } from "../dom";
import { Pager, type Fetch } from "../logic/pager";
import {
  anchorAtRatio, anchorFor, anchorRatio, atEnd, clampToEnd, endAnchor, scrollAnchor, spacerHeight, visibleRows, type Anchor,
} from "../logic/virtual";
import { placeholderRow, renderRow } from "./message";
import { mark } from "../trace";

export interface Timeline {
  el: HTMLElement;
  /** Shows row `index` near the top; highlights `messageId` when given. */
  goTo(index: number, messageId?: number): void;
  /**
   * Settles when the page the timeline opens on is loaded (or failed), or
   * after `maxMs`: a view can mount once with messages instead of painting
   * placeholder rows first.
   */
  ready(maxMs: number): Promise<void>;
  /** Draws now (in the current task) instead of at the next animation frame. */
  drawNow(): void;
  destroy(): void;
}

const ESTIMATE = 64;

/** Where a timeline opens: the newest message unless `start` says otherwise. */
export interface Start {
  index: number;
  messageId?: number;
}

export function createTimeline(count: number, fetch: Fetch, jumpToMessage: (id: number) => void,
  onError: (e: unknown) => void, start?: Start): Timeline {
  const rowsEl = h("div", { class: "rows" });
  const spacer = h("div", { class: "spacer" });
  const bar = h("div", { class: "vbar", "aria-hidden": "true" }, spacer);
  const el = h("div", { class: "timeline", tabindex: "0", role: "log", "aria-label": "Messages" }, rowsEl, bar);

  const heights = new Map<number, number>();
  const heightOf = (i: number) => heights.get(i) ?? ESTIMATE;
  let anchor: Anchor = { first: Math.max(count - 1, 0), offset: 0 };
  let highlight: number | null = null;
  let stick = true; // follow the newest message (at the bottom)
  let drawn = new Map<number, { el: HTMLElement; full: boolean }>();
  let frame = 0;
  let ignoreScroll = false;
  let alive = true;

  const startIndex = Math.min(start?.index ?? count - 1, count - 1);
  let opened: (() => void) | null = null;
  const openedP = new Promise<void>((resolve) => { opened = resolve; });
  const settle = () => {
    opened?.();
    opened = null;
  };
  const pager = new Pager(fetch, 200, 40, () => {
    if (opened && pager.get(startIndex) !== undefined) {
      mark("first-page");
      settle();
    }
    schedule();
  }, (e) => { settle(); onError(e); });
  const hooks = { jumpTo: jumpToMessage, lookup: (id: number) => pager.find(id) };

  function viewport(): number {
    return el.clientHeight || 600;
  }

  function schedule(): void {
    if (!frame && alive) frame = requestAnimationFrame(() => { frame = 0; draw(); });
  }

  /** Creates, reuses and removes row elements so exactly `rows` are drawn. */
  function render(rows: { index: number }[]): void {
    const next = new Map<number, { el: HTMLElement; full: boolean }>();
    for (const { index } of rows) {
      const msg = pager.get(index);
      const full = msg !== undefined && (index === 0 || pager.get(index - 1) !== undefined);
      const old = drawn.get(index);
      if (old && old.full === full) {
        next.set(index, old);
        continue;
      }
      const row = msg ? renderRow(msg, pager.get(index - 1), hooks) : placeholderRow();
      row.dataset.index = String(index);
      if (old) old.el.replaceWith(row);
      else rowsEl.appendChild(row);
      next.set(index, { el: row, full });
    }
    for (const [i, d] of drawn) if (!next.has(i)) d.el.remove();
    drawn = next;
  }

  /** Records the real heights of drawn rows; true when any changed. */
  function measure(): boolean {
    let changed = false;
    for (const [i, d] of drawn) {
      const hgt = d.el.offsetHeight;
      if (hgt > 0 && d.full && heights.get(i) !== hgt) {
        heights.set(i, hgt);
        changed = true;
      }
    }
    if (heights.size > 50_000) heights.clear();
    return changed;
  }

  let firstDraw = true; // the first draw with messages is marked for the benchmark
  function draw(): void {
    // Not in the document yet (the view mounts once its first page is in):
    // nothing to measure; the view draws when it mounts.
    if (!el.isConnected) return;
    const marked = firstDraw && pager.get(startIndex) !== undefined;
    if (marked) mark("first-draw");
    const vh = viewport();
    let rows: { index: number; top: number }[] = [];
    // Lay out with what is known, measure, and lay out again until stable.
    for (let pass = 0; pass < 4; pass++) {
      anchor = stick ? endAnchor(vh, count, heightOf) : clampToEnd(anchor, vh, count, heightOf);
      rows = visibleRows(anchor, vh, count, heightOf);
      render(rows);
      if (!measure()) break;
    }
    pager.want(rows.flatMap((r) => [r.index, r.index - 1]));
    for (const { index, top } of rows) {
      const d = drawn.get(index);
      if (!d) continue;
      d.el.style.transform = `translateY(${top}px)`;
      d.el.querySelector("[data-testid=message]")?.classList.toggle("highlight",
        highlight !== null && d.el.querySelector(`[data-message-id="${highlight}"]`) !== null);
    }
    syncBar(vh);
    if (marked) {
      firstDraw = false;
      mark("first-draw-done");
    }
  }

  function syncBar(vh: number): void {
    spacer.style.height = `${spacerHeight(count, ESTIMATE, vh)}px`;
    const max = bar.scrollHeight - bar.clientHeight;
    const top = Math.round(anchorRatio(anchor, count, heightOf) * max);
    if (Math.abs(bar.scrollTop - top) > 1) {
      const before = bar.scrollTop;
      bar.scrollTop = top;
      ignoreScroll = bar.scrollTop !== before; // only a real change fires a scroll event
    }
  }

  function scrollBy(dy: number): void {
    anchor = scrollAnchor(anchor, dy, count, heightOf);
    stick = dy > 0 ? atEnd(anchor, viewport(), count, heightOf) : stick && dy === 0;
    schedule();
  }

  el.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const unit = ev.deltaMode === 1 ? 40 : ev.deltaMode === 2 ? viewport() : 1;
    scrollBy(ev.deltaY * unit);
  }, { passive: false });
  bar.addEventListener("scroll", () => {
    if (ignoreScroll) { ignoreScroll = false; return; }
    const max = bar.scrollHeight - bar.clientHeight;
    anchor = anchorAtRatio(max > 0 ? bar.scrollTop / max : 0, count, heightOf);
    stick = max > 0 && bar.scrollTop >= max - 1;
    schedule();
  });
  el.addEventListener("keydown", (ev) => {
    const page = viewport() * 0.9;
    const moves: Record<string, () => void> = {
      ArrowDown: () => scrollBy(40), ArrowUp: () => scrollBy(-40),
      PageDown: () => scrollBy(page), PageUp: () => scrollBy(-page), " ": () => scrollBy(page),
      Home: () => { anchor = { first: 0, offset: 0 }; stick = false; schedule(); },
      End: () => { stick = true; schedule(); },
    };
    const move = moves[ev.key];
    if (move && !(ev.target instanceof HTMLInputElement)) {
      ev.preventDefault();
      move();
    }
  });
  // Images and videos change a row's height when they load: measure again.
  rowsEl.addEventListener("load", () => schedule(), true);
  rowsEl.addEventListener("loadedmetadata", () => schedule(), true);
  const resize = new ResizeObserver(() => schedule());
  resize.observe(el);

  const timeline: Timeline = {
    el,
    goTo(index, messageId) {
      anchor = scrollAnchor(anchorFor(index, count), 0, count, heightOf);
      stick = false;
      highlight = messageId ?? null;
      schedule();
    },
    ready(maxMs) {
      if (count <= 0) return Promise.resolve();
      return Promise.race([openedP, new Promise<void>((r) => setTimeout(r, maxMs))]);
    },
    drawNow() {
      if (!alive) return;
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      draw();
    },
    destroy() {
      alive = false;
      if (frame) cancelAnimationFrame(frame);
      resize.disconnect();
    },
  };
  if (start) timeline.goTo(start.index, start.messageId);
  // Ask for the page it opens on now: the fetch overlaps mounting and the
  // first frame instead of waiting for the first layout to request it.
  if (count > 0) pager.want([startIndex]);
  schedule();
  return timeline;
}
