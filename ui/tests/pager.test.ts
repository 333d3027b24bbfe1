import { describe, expect, it } from "vitest";
import { Pager } from "../src/logic/pager";
import { msg } from "./fixtures";

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("Pager", () => {
  it("fetches each page once and serves rows by index", async () => {
    const calls: [number, number][] = [];
    const pager = new Pager(async (offset, limit) => {
      calls.push([offset, limit]);
      return Array.from({ length: limit }, (_, i) => msg("2024-01-01T00:00:00Z", `m${offset + i}`));
    }, 10, 3);
    pager.want([0, 5, 9]);
    pager.want([3]);
    await flush();
    expect(calls).toEqual([[0, 10]]);
    expect(pager.get(5)?.message.text).toBe("m5");
    expect(pager.get(15)).toBeUndefined();
  });
  it("drops the least recently used pages past its bound", async () => {
    const pager = new Pager(async (offset, limit) =>
      Array.from({ length: limit }, (_, i) => msg("2024-01-01T00:00:00Z", `m${offset + i}`)), 10, 2);
    pager.want([0]); await flush();
    pager.want([10]); await flush();
    pager.want([0]); // touch page 0
    pager.want([20]); await flush();
    expect(pager.loadedPages).toBe(2);
    expect(pager.get(0)).toBeDefined();
    expect(pager.get(10)).toBeUndefined();
  });
  it("reports a failed fetch and retries later", async () => {
    let fail = true;
    const errors: unknown[] = [];
    const pager = new Pager(async () => { if (fail) throw new Error("boom"); return [msg("2024-01-01T00:00:00Z", "ok")]; },
      10, 4, () => {}, (e) => errors.push(e));
    pager.want([0]); await flush();
    expect(errors).toHaveLength(1);
    fail = false;
    pager.want([0]); await flush();
    expect(pager.get(0)?.message.text).toBe("ok");
  });
});
