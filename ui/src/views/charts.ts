// Hand-made SVG charts (no library, nothing fetched): vertical bars per
// month, horizontal bars per sender, and a weekday x hour heatmap. Labels
// are text nodes; colours come from the stylesheet.
import { s } from "../dom";
import { WEEKDAY_SHORT, monthLabel } from "../format";
import { scale, shade, shortNumber, ticks } from "../logic/charts";

export function monthBars(series: [string, number][], width = 720, height = 220): SVGElement {
  const pad = { l: 44, r: 8, t: 8, b: 28 };
  const max = Math.max(0, ...series.map(([, v]) => v));
  const y = scale(max, height - pad.t - pad.b);
  const bw = series.length ? (width - pad.l - pad.r) / series.length : 0;
  const every = Math.max(1, Math.ceil(series.length / 12));
  return s("svg", { class: "chart months", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Messages per month" },
    ticks(max).map((t) => s("g", { class: "tick" },
      s("line", { x1: pad.l, x2: width - pad.r, y1: height - pad.b - y(t), y2: height - pad.b - y(t) }),
      s("text", { x: pad.l - 4, y: height - pad.b - y(t) + 4, "text-anchor": "end" }, shortNumber(t)))),
    series.map(([k, v], i) => s("g", null,
      s("rect", { class: "bar", x: pad.l + i * bw + 1, y: height - pad.b - y(v), width: Math.max(bw - 2, 1), height: y(v) },
        s("title", null, `${monthLabel(k)}: ${v}`)),
      i % every === 0 ? s("text", { class: "label", x: pad.l + i * bw + bw / 2, y: height - 8, "text-anchor": "middle" }, monthLabel(k)) : null)));
}

export function senderBars(series: [string, number][], width = 720): SVGElement {
  const row = 22;
  const pad = { l: 160, r: 60 };
  const height = series.length * row + 4;
  const max = Math.max(0, ...series.map(([, v]) => v));
  const x = scale(max, width - pad.l - pad.r);
  return s("svg", { class: "chart senders", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Messages per sender" },
    series.map(([name, v], i) => s("g", null,
      s("text", { class: "label", x: pad.l - 6, y: i * row + 15, "text-anchor": "end" }, name.length > 24 ? `${name.slice(0, 23)}…` : name),
      s("rect", { class: "bar", x: pad.l, y: i * row + 3, width: Math.max(x(v), 1), height: row - 6 }, s("title", null, `${name}: ${v}`)),
      s("text", { class: "value", x: pad.l + x(v) + 4, y: i * row + 15 }, String(v)))));
}

export function heatmap(grid: number[][], width = 720): SVGElement {
  const pad = { l: 40, t: 4, b: 20 };
  const cw = (width - pad.l) / 24;
  const ch = 22;
  const max = Math.max(0, ...grid.flat());
  return s("svg", { class: "chart heatmap", viewBox: `0 0 ${width} ${pad.t + 7 * ch + pad.b}`, role: "img", "aria-label": "Messages by weekday and hour" },
    WEEKDAY_SHORT.map((d, w) => s("g", null,
      s("text", { class: "label", x: pad.l - 6, y: pad.t + w * ch + 15, "text-anchor": "end" }, d),
      Array.from({ length: 24 }, (_, hr) => {
        const v = grid[w]?.[hr] ?? 0;
        return s("rect", { class: "cell", x: pad.l + hr * cw + 1, y: pad.t + w * ch + 1, width: cw - 2, height: ch - 2,
          "fill-opacity": (0.06 + 0.94 * shade(v, max)).toFixed(3) }, s("title", null, `${d} ${hr}:00 — ${v}`));
      }))),
    [0, 6, 12, 18, 23].map((hr) => s("text", { class: "label", x: pad.l + hr * cw + cw / 2, y: pad.t + 7 * ch + 14, "text-anchor": "middle" }, `${hr}h`)));
}
