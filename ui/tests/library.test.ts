import { describe, expect, it } from "vitest";
import { appsPresent, filterChats } from "../src/logic/library";
import { chat } from "./fixtures";

const chats = [
  chat(1, "Family", { app: "whatsapp", messages: 500, last: "2024-05-01T10:00:00+02:00" }),
  chat(2, "José", { app: "telegram", messages: 20, last: "2024-06-01T10:00:00Z" }),
  chat(3, "Book club", { app: "whatsapp", messages: 80, last: null,
    participants: [{ id: 1, key: "k", name: "Zoë", phone: null, handle: null, native_id: null, is_me: false }] }),
];

describe("filterChats", () => {
  it("sorts by most recent, chats without messages last", () => {
    expect(filterChats(chats, { app: "all", text: "", sort: "recent" }).map((c) => c.id)).toEqual([2, 1, 3]);
  });
  it("filters by app and sorts by size", () => {
    expect(filterChats(chats, { app: "whatsapp", text: "", sort: "messages" }).map((c) => c.id)).toEqual([1, 3]);
  });
  it("finds by name ignoring case and accents, and by participant", () => {
    expect(filterChats(chats, { app: "all", text: "jose", sort: "name" }).map((c) => c.id)).toEqual([2]);
    expect(filterChats(chats, { app: "all", text: "zoe", sort: "name" }).map((c) => c.id)).toEqual([3]);
  });
  it("lists the apps present", () => {
    expect(appsPresent(chats)).toEqual([["whatsapp", 2], ["telegram", 1]]);
  });
});
