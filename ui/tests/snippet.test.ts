import { describe, expect, it } from "vitest";
import { byteToIndex, segments } from "../src/logic/snippet";

describe("byteToIndex", () => {
  it("maps UTF-8 byte offsets to string indices", () => {
    expect(byteToIndex("abc", 2)).toBe(2);
    expect(byteToIndex("é!", 2)).toBe(1);
    expect(byteToIndex("東京x", 6)).toBe(2);
    expect(byteToIndex("😀a", 4)).toBe(2);
    expect(byteToIndex("ab", 99)).toBe(2);
  });
});

describe("segments", () => {
  it("marks ranges given in bytes", () => {
    expect(segments("hello world", [[6, 11]])).toEqual([
      { text: "hello ", mark: false }, { text: "world", mark: true },
    ]);
  });
  it("handles multibyte text like the store's snippet (…東京…)", () => {
    const s = "…Café 東京 ok";
    const start = new TextEncoder().encode("…Café ").length;
    const end = start + new TextEncoder().encode("東京").length;
    expect(segments(s, [[start, end]])).toEqual([
      { text: "…Café ", mark: false }, { text: "東京", mark: true }, { text: " ok", mark: false },
    ]);
  });
  it("merges overlapping ranges and drops empty ones", () => {
    expect(segments("abcdef", [[3, 5], [0, 2], [1, 3], [4, 4]])).toEqual([
      { text: "abc", mark: true }, { text: "de", mark: true }, { text: "f", mark: false },
    ]);
  });
  it("keeps hostile text as plain text segments", () => {
    const s = "<img src=x onerror=alert(1)>";
    expect(segments(s, [[1, 4]]).map((x) => x.text).join("")).toBe(s);
  });
});
