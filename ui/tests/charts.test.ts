import { describe, expect, it } from "vitest";
import { fillMonths, niceMax, scale, shade, shortNumber, ticks, topN } from "../src/logic/charts";

describe("chart scales", () => {
  it("rounds maxima up to 1/2/5 steps", () => {
    expect([0, 1, 3, 7, 10, 11, 180, 4999, 50_001].map(niceMax)).toEqual([1, 1, 5, 10, 10, 20, 200, 5000, 100_000]);
  });
  it("gives evenly spaced ticks up to the nice max", () => {
    expect(ticks(180)).toEqual([0, 50, 100, 150, 200]);
    expect(ticks(450)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(ticks(0)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
  it("scales values into the range", () => {
    const y = scale(180, 100);
    expect(y(200)).toBe(100);
    expect(y(50)).toBe(25);
    expect(y(-5)).toBe(0);
  });
  it("fills idle months with zero across a year end", () => {
    expect(fillMonths([["2023-11", 4], ["2024-02", 1]])).toEqual([["2023-11", 4], ["2023-12", 0], ["2024-01", 0], ["2024-02", 1]]);
    expect(fillMonths([])).toEqual([]);
  });
  it("shades the heatmap on a square-root scale", () => {
    expect(shade(0, 10)).toBe(0);
    expect(shade(10, 10)).toBe(1);
    expect(shade(25, 100)).toBe(0.5);
    expect(shade(3, 0)).toBe(0);
  });
  it("keeps the top senders and sums the rest", () => {
    expect(topN([["a", 1], ["b", 5], ["c", 3], ["d", 2]], 2)).toEqual([["b", 5], ["c", 3], ["Others", 3]]);
  });
  it("abbreviates tick labels", () => {
    expect([0, 12.5, 1200, 3_000_000].map(shortNumber)).toEqual(["0", "12.5", "1.2k", "3M"]);
  });
});
