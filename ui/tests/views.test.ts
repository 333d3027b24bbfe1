// View-level tests with the shell mocked: the library lists and filters
// chats with the e2e ids; the chat view keeps only a window of a
// million-message chat in the DOM and fetches only the pages it shows.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Ctx, Route } from "../src/app";
import type { StoredMessage } from "../src/types";
import { chat, msg } from "./fixtures";

const COUNT = 1_000_000;
const calls: [number, number, number][] = [];

vi.mock("../src/api", () => ({
  listChats: vi.fn(async () => [
    chat(1, "Huge", { messages: COUNT, last: "2024-06-01T10:00:00Z" }),
    chat(2, "Small <b>", { app: "signal", messages: 3, last: "2023-01-01T10:00:00Z" }),
  ]),
  chatMessages: vi.fn(async (c: number, offset: number, limit: number): Promise<StoredMessage[]> => {
    calls.push([c, offset, limit]);
    const n = Math.max(0, Math.min(limit, COUNT - offset));
    return Array.from({ length: n }, (_, i) => {
      const m = msg("2024-01-01T10:00:00Z", `message ${offset + i}`);
      m.id = offset + i + 1;
      return m;
    });
  }),
  messagePosition: vi.fn(async (id: number) => ({ chat: 1, position: id - 1 })),
  positionAt: vi.fn(async () => 0),
  mediaUrl: (hash: string) => `ferry-media://localhost/${hash}`,
}));

function ctx(): Ctx & { routes: Route[] } {
  const root = document.createElement("main");
  document.body.append(root);
  const routes: Route[] = [];
  return { root, routes, go: (r) => routes.push(r), status: () => {}, onLeave: () => {} };
}

const frames = () => new Promise((r) => setTimeout(r, 60));

beforeEach(() => { calls.length = 0; });
afterEach(() => document.body.replaceChildren());

describe("library view", () => {
  it("lists chats as rows with ids, filters by name and opens a chat", async () => {
    const { libraryView } = await import("../src/views/library");
    const c = ctx();
    await libraryView(c);
    const rows = () => [...c.root.querySelectorAll<HTMLElement>("[data-testid=chat-row]")];
    expect(rows().map((r) => r.dataset.chatId)).toEqual(["1", "2"]);
    expect(c.root.querySelector("b")).toBeNull();
    const find = c.root.querySelector<HTMLInputElement>("#library-find")!;
    find.value = "small";
    find.dispatchEvent(new Event("input"));
    expect(rows().map((r) => r.dataset.chatId)).toEqual(["2"]);
    rows()[0]!.click();
    expect(c.routes).toEqual([{ view: "chat", chat: 2, info: expect.objectContaining({ id: 2, messages: 3 }) }]);
  });
});

describe("chat view", () => {
  it("opens a million-message chat at the end with a small DOM window", async () => {
    const { chatView } = await import("../src/views/chat");
    const c = ctx();
    await chatView(c, { chat: 1 });
    await frames();
    await frames();
    const shown = [...c.root.querySelectorAll<HTMLElement>("[data-testid=message]")];
    expect(shown.length).toBeGreaterThan(3);
    expect(shown.length).toBeLessThan(40);
    expect(shown[shown.length - 1]!.dataset.messageId).toBe(String(COUNT));
    expect(calls.every(([, offset]) => offset >= COUNT - 400)).toBe(true);
    expect(calls.length).toBeLessThanOrEqual(2);
  });

  it("opens at a position and highlights the message", async () => {
    const { chatView } = await import("../src/views/chat");
    const c = ctx();
    await chatView(c, { chat: 1, position: 500_000, messageId: 500_001 });
    await frames();
    await frames();
    const target = c.root.querySelector<HTMLElement>('[data-message-id="500001"]');
    expect(target).not.toBeNull();
    expect(target!.classList.contains("highlight")).toBe(true);
    expect(calls.some(([, offset]) => offset === 500_000)).toBe(true);
    // Nothing near the newest message is fetched when the chat opens elsewhere.
    expect(calls.every(([, offset]) => offset < COUNT - 1000)).toBe(true);
  });

  it("asks for the page it opens on before the first frame", async () => {
    const { chatView } = await import("../src/views/chat");
    const c = ctx();
    await chatView(c, { chat: 1 });
    expect(calls).toEqual([[1, COUNT - 200, 200]]);
  });
});

describe("chat view, first paint", () => {
  const placeholders = (root: Element) => root.querySelectorAll(".msg.loading").length;

  it("mounts once, with messages and no placeholder rows, when the first page comes in time", async () => {
    const { chatView } = await import("../src/views/chat");
    const c = ctx();
    let sawPlaceholder = false;
    const seen = new MutationObserver(() => { sawPlaceholder ||= placeholders(c.root) > 0; });
    seen.observe(c.root, { childList: true, subtree: true });
    await chatView(c, { chat: 1 });
    // Drawn in the task that mounted the view: no animation frame needed.
    const shown = [...c.root.querySelectorAll<HTMLElement>("[data-testid=message]")];
    expect(shown.length).toBeGreaterThan(3);
    expect(shown[shown.length - 1]!.dataset.messageId).toBe(String(COUNT));
    await frames();
    seen.disconnect();
    expect(sawPlaceholder).toBe(false);
  });

  it("opened from the library, asks for nothing but the page (no list of chats)", async () => {
    const api = await import("../src/api");
    const { chatView } = await import("../src/views/chat");
    vi.mocked(api.listChats).mockClear();
    const c = ctx();
    await chatView(c, { chat: 1, info: chat(1, "Huge", { messages: COUNT }) });
    expect(api.listChats).not.toHaveBeenCalled();
    expect(calls).toEqual([[1, COUNT - 200, 200]]);
    expect(c.root.querySelector("#chat-view h1")!.textContent).toBe("Huge");
  });

  it("shows placeholder rows after a short wait when the first page is slow, then the messages", async () => {
    const api = await import("../src/api");
    const { chatView } = await import("../src/views/chat");
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => { release = r; });
    const fast = vi.mocked(api.chatMessages).getMockImplementation()!;
    vi.mocked(api.chatMessages).mockImplementationOnce(async (chatId, offset, limit) => {
      await gate;
      return fast(chatId, offset, limit);
    });
    const c = ctx();
    const started = Date.now();
    await chatView(c, { chat: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(c.root.querySelector("#chat-view")).not.toBeNull();
    expect(placeholders(c.root)).toBeGreaterThan(3);
    expect(c.root.querySelector("[data-testid=message]")).toBeNull();
    release();
    await frames();
    expect(placeholders(c.root)).toBe(0);
    const shown = [...c.root.querySelectorAll<HTMLElement>("[data-testid=message]")];
    expect(shown[shown.length - 1]!.dataset.messageId).toBe(String(COUNT));
  });

  it("does not wait out the delay when the first page fails", async () => {
    const api = await import("../src/api");
    const { chatView } = await import("../src/views/chat");
    vi.mocked(api.chatMessages).mockImplementationOnce(async () => { throw new Error("gone"); });
    const c = ctx();
    const errors: string[] = [];
    c.status = (t: string) => { errors.push(t); };
    const started = Date.now();
    await chatView(c, { chat: 1 });
    expect(Date.now() - started).toBeLessThan(140);
    expect(errors.some((e) => e.includes("gone"))).toBe(true);
  });
});
