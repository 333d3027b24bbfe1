// A lint over the UI sources: markup sinks (innerHTML, outerHTML,
// insertAdjacentHTML, document.write, srcdoc, eval-like calls) must not be
// used anywhere, so message data can only ever reach the DOM as text.
import { describe, expect, it } from "vitest";

const sources = import.meta.glob("../src/**/*.ts", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

const SINKS: [string, RegExp][] = [
  ["innerHTML/outerHTML assignment", /\.(innerHTML|outerHTML)\s*\+?=/],
  ["insertAdjacentHTML", /insertAdjacentHTML\s*\(/],
  ["document.write", /document\.(write|writeln)\s*\(/],
  ["createContextualFragment", /createContextualFragment\s*\(/],
  ["DOMParser", /new\s+DOMParser\s*\(/],
  ["srcdoc", /srcdoc/i],
  ["eval", /(^|[^\w.])eval\s*\(|new\s+Function\s*\(/],
  ["string timer", /set(Timeout|Interval)\s*\(\s*["'`]/],
  ["inline handler attribute", /setAttribute\(\s*["']on/i],
];

function violations(text: string): string[] {
  const found: string[] = [];
  text.split("\n").forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, "");
    for (const [name, re] of SINKS) if (re.test(code)) found.push(`${i + 1}: ${name}: ${line.trim()}`);
  });
  return found;
}

describe("no markup sinks in ui/src", () => {
  it("finds the sources", () => {
    expect(Object.keys(sources).length).toBeGreaterThan(10);
    expect(Object.keys(sources).some((p) => p.endsWith("views/message.ts"))).toBe(true);
  });
  for (const [path, text] of Object.entries(sources)) {
    it(path, () => expect(violations(text)).toEqual([]));
  }
  it("the lint itself catches each sink", () => {
    for (const bad of [
      "el.innerHTML = msg.text;", "el.outerHTML += x", "el.insertAdjacentHTML('beforeend', t)",
      "document.write(t)", "range.createContextualFragment(t)", "new DOMParser()", "frame.srcdoc = t",
      "eval(t)", "new Function(t)", "setTimeout('alert(1)')", "el.setAttribute('onclick', t)",
    ]) expect(violations(bad), bad).toHaveLength(1);
    expect(violations("el.textContent = msg.text; // not innerHTML = x")).toEqual([]);
  });
});
