import { describe, expect, it, vi } from "vitest";
import { SCRIPTS_SAMPLE, warmUpFonts } from "../src/warmup";

describe("warmUpFonts", () => {
  it("lays the sample out in each timeline text style and leaves the document as it was", () => {
    document.body.innerHTML = "<div id='app'><p>library</p></div>";
    const before = document.body.innerHTML;
    const added: HTMLElement[] = [];
    const append = vi.spyOn(document.body, "appendChild").mockImplementation(function (this: HTMLElement, node) {
      added.push(node as HTMLElement);
      return HTMLElement.prototype.appendChild.call(this, node) as typeof node;
    });
    const measured = vi.spyOn(HTMLElement.prototype, "getBoundingClientRect");
    warmUpFonts(document, "Жж ไทย 😀");
    append.mockRestore();
    expect(added).toHaveLength(1);
    const box = added[0];
    expect(box.getAttribute("aria-hidden")).toBe("true");
    expect(box.style.visibility).toBe("hidden");
    const lines = [...box.children] as HTMLElement[];
    expect(lines.map((l) => [l.style.fontWeight, l.style.fontSize])).toEqual([
      ["400", "14px"], ["600", "12px"], ["400", "12px"], ["400", "11px"],
    ]);
    expect(lines.every((l) => l.textContent === "Жж ไทย 😀")).toBe(true);
    expect(measured).toHaveBeenCalled();
    measured.mockRestore();
    expect(box.isConnected).toBe(false);
    expect(document.body.innerHTML).toBe(before);
  });

  it("samples the scripts and emoji chats most often hold", () => {
    const scripts = [
      /\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u, /\p{Script=Arabic}/u,
      /\p{Script=Hebrew}/u, /\p{Script=Devanagari}/u, /\p{Script=Bengali}/u, /\p{Script=Thai}/u,
      /\p{Script=Han}/u, /\p{Script=Hiragana}/u, /\p{Script=Katakana}/u, /\p{Script=Hangul}/u,
      /\p{Extended_Pictographic}/u, /\p{Regional_Indicator}/u, /\u200d/u,
    ];
    for (const script of scripts) expect(SCRIPTS_SAMPLE, String(script)).toMatch(script);
  });
});
