import { describe, expect, it } from "vitest";
import {
  anchorAtRatio, anchorFor, anchorRatio, atEnd, clampToEnd, endAnchor, pagesFor, scrollAnchor, spacerHeight, visibleRows,
} from "../src/logic/virtual";

const h50 = () => 50;
const varying = (i: number) => (i % 2 === 0 ? 40 : 100);

describe("scrollAnchor", () => {
  it("advances whole rows and keeps the remainder as offset", () => {
    expect(scrollAnchor({ first: 0, offset: 0 }, 120, 1000, h50)).toEqual({ first: 2, offset: 20 });
  });
  it("walks back through rows of different heights", () => {
    expect(scrollAnchor({ first: 3, offset: 10 }, -150, 1000, varying)).toEqual({ first: 1, offset: 0 });
  });
  it("stops at the top", () => {
    expect(scrollAnchor({ first: 1, offset: 5 }, -1000, 1000, h50)).toEqual({ first: 0, offset: 0 });
  });
  it("stops inside the last row", () => {
    expect(scrollAnchor({ first: 8, offset: 0 }, 10_000, 10, h50)).toEqual({ first: 9, offset: 49 });
  });
  it("handles an empty chat", () => {
    expect(scrollAnchor({ first: 5, offset: 5 }, 10, 0, h50)).toEqual({ first: 0, offset: 0 });
  });
  it("normalises a negative lead offset into the previous row", () => {
    expect(scrollAnchor(anchorFor(10, 100, 80), 0, 100, h50)).toEqual({ first: 8, offset: 20 });
  });
});

describe("visibleRows", () => {
  it("covers only the viewport plus overscan in a million-row chat", () => {
    const rows = visibleRows({ first: 500_000, offset: 10 }, 600, 1_000_000, h50, 2);
    expect(rows[0]).toEqual({ index: 499_998, top: -110 });
    expect(rows.length).toBeLessThanOrEqual(2 + 13 + 3);
    const last = rows[rows.length - 1]!;
    expect(last.top).toBeGreaterThanOrEqual(600);
  });
  it("places rows at the sum of the heights above them", () => {
    const rows = visibleRows({ first: 0, offset: 0 }, 200, 10, varying, 0);
    expect(rows.map((r) => r.top)).toEqual([0, 40, 140, 180]);
  });
  it("ends at the last row", () => {
    const rows = visibleRows({ first: 0, offset: 0 }, 1000, 3, h50);
    expect(rows.map((r) => r.index)).toEqual([0, 1, 2]);
  });
});

describe("clampToEnd", () => {
  it("pulls the anchor up so the newest row ends at the bottom", () => {
    const a = clampToEnd({ first: 99, offset: 0 }, 200, 100, h50);
    expect(a).toEqual({ first: 96, offset: 0 });
  });
  it("leaves an anchor that already fills the viewport", () => {
    expect(clampToEnd({ first: 10, offset: 5 }, 200, 100, h50)).toEqual({ first: 10, offset: 5 });
  });
  it("shows a short chat from its top", () => {
    expect(clampToEnd({ first: 2, offset: 0 }, 600, 3, h50)).toEqual({ first: 0, offset: 0 });
  });
});

describe("scrollbar mapping", () => {
  it("round-trips a position through the ratio", () => {
    const a = { first: 250_000, offset: 25 };
    const back = anchorAtRatio(anchorRatio(a, 1_000_000, h50), 1_000_000, h50);
    expect(back.first).toBe(250_000);
    expect(Math.abs(back.offset - 25)).toBeLessThanOrEqual(1);
  });
  it("maps the ends of the bar to the first and last rows", () => {
    expect(anchorAtRatio(0, 100, h50)).toEqual({ first: 0, offset: 0 });
    expect(anchorAtRatio(1, 100, h50).first).toBe(99);
    expect(anchorAtRatio(7, 100, h50).first).toBe(99);
  });
  it("caps the spacer for huge chats", () => {
    expect(spacerHeight(1_000_000, 64, 600)).toBe(4_000_000);
    expect(spacerHeight(10, 64, 600)).toBe(640);
    expect(spacerHeight(1, 64, 600)).toBe(600);
  });
});

describe("pagesFor", () => {
  it("lists each page once, in order", () => {
    expect(pagesFor([399, 0, 200, 201, 199], 200)).toEqual([0, 1]);
  });
});

describe("endAnchor", () => {
  it("ends the newest row at the bottom of the viewport", () => {
    expect(endAnchor(200, 100, h50)).toEqual({ first: 96, offset: 0 });
    expect(endAnchor(230, 100, h50)).toEqual({ first: 95, offset: 20 });
  });
  it("shows a short chat from its top", () => {
    expect(endAnchor(600, 3, h50)).toEqual({ first: 0, offset: 0 });
  });
  it("detects when scrolling reached the end", () => {
    expect(atEnd({ first: 96, offset: 0 }, 200, 100, h50)).toBe(true);
    expect(atEnd({ first: 95, offset: 49 }, 200, 100, h50)).toBe(false);
  });
});
