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
    expect(c.routes).toEqual([{ view: "chat", chat: 2 }]);
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
