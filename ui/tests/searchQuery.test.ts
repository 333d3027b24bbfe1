import { describe, expect, it } from "vitest";
import { buildQuery, PAGE } from "../src/logic/searchQuery";

const base = { text: "", app: "", chat: "", sender: "", since: "", until: "" };

describe("buildQuery", () => {
  it("needs some text", () => {
    expect(buildQuery({ ...base, text: "  " })).toEqual({ error: "Type something to search for." });
  });
  it("builds an unfiltered query", () => {
    expect(buildQuery({ ...base, text: " pizza " })).toEqual({
      text: "pizza", app: null, chat: null, sender: null, since: null, until: null, limit: PAGE, offset: 0,
    });
  });
  it("applies every filter, the until day inclusive", () => {
    const q = buildQuery({ text: "x", app: "telegram", chat: "7", sender: " Ana ", since: "2024-01-01", until: "2024-01-31" }, 2);
    expect(q).toEqual({
      text: "x", app: "telegram", chat: 7, sender: "Ana",
      since: Date.UTC(2024, 0, 1), until: Date.UTC(2024, 1, 1), limit: PAGE, offset: 2 * PAGE,
    });
  });
  it("rejects reversed and invalid dates", () => {
    expect(buildQuery({ ...base, text: "x", since: "2024-02-01", until: "2024-01-01" })).toEqual({ error: "The start date is after the end date." });
    expect(buildQuery({ ...base, text: "x", since: "yesterday" })).toHaveProperty("error");
  });
});
