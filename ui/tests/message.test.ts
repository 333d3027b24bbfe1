import { describe, expect, it, vi } from "vitest";
import { renderRow } from "../src/views/message";
import { msg } from "./fixtures";

const hooks = () => ({ jumpTo: vi.fn(), lookup: vi.fn(() => undefined) });
const att = (file_name: string, media_kind: "image" | "video" | "audio" | "document", content_hash: string | null) =>
  ({ file_name, media_kind, mime: null, size: 2048, content_hash });

describe("message rows", () => {
  it("shows library media inline through the media scheme only", () => {
    const row = renderRow(msg("2024-01-01T10:00:00Z", "", { m: { kind: "media", attachments: [
      att("a.jpg", "image", "0a1b2c"), att("b.mp4", "video", "ffee"), att("c.opus", "audio", "abcd"),
      att("d.pdf", "document", "1234"), att("e.jpg", "image", null), att("f.jpg", "image", "../../etc/passwd"),
    ] } }), null, hooks());
    expect(row.querySelector("img")!.getAttribute("src")).toBe("ferry-media://localhost/0a1b2c");
    expect(row.querySelector("video")!.getAttribute("src")).toBe("ferry-media://localhost/ffee");
    expect(row.querySelector("audio")!.getAttribute("src")).toBe("ferry-media://localhost/abcd");
    expect(row.querySelectorAll("img, video, audio")).toHaveLength(3);
    expect(row.textContent).toContain("📎 d.pdf (2.0 KB)");
    expect([...row.querySelectorAll(".file.missing")].map((e) => e.textContent)).toEqual([
      "📎 e.jpg (2.0 KB) — missing", "📎 f.jpg (2.0 KB) — missing"]);
  });
  it("jumps to the quoted message when its reply line is clicked", () => {
    const hk = hooks();
    const row = renderRow(msg("2024-01-01T10:00:00Z", "yes", { reply_to_id: 42 }), null, hk);
    (row.querySelector(".reply") as HTMLButtonElement).click();
    expect(hk.jumpTo).toHaveBeenCalledWith(42);
    expect(hk.lookup).toHaveBeenCalledWith(42);
  });
  it("marks edited, deleted, forwarded and own messages; system lines are centred notes", () => {
    const edited = renderRow(msg("2024-01-01T10:00:00Z", "fixed", { sender_is_me: true, m: { edited: true, forwarded_from: "Zed" } }), null, hooks());
    expect(edited.querySelector(".edited")?.textContent).toBe("edited");
    expect(edited.querySelector(".fwd")?.textContent).toBe("Forwarded from Zed");
    expect(edited.querySelector("[data-testid=message]")!.classList.contains("me")).toBe(true);
    const deleted = renderRow(msg("2024-01-01T10:00:00Z", "secret", { m: { kind: "deleted" } }), null, hooks());
    expect(deleted.textContent).toContain("This message was deleted");
    expect(deleted.textContent).not.toContain("secret");
    const system = renderRow(msg("2024-01-01T10:00:00Z", "Ana joined", { m: { kind: "system" } }), null, hooks());
    expect(system.querySelector(".msg.system")?.textContent).toBe("Ana joined · 10:00");
    expect(system.querySelector(".sender")).toBeNull();
  });
  it("puts a day separator only where the day changes and names the sender once per run", () => {
    const a = msg("2024-03-05T09:00:00+01:00", "a");
    const b = msg("2024-03-05T09:01:00+01:00", "b");
    const c = msg("2024-03-06T09:00:00+01:00", "c");
    expect(renderRow(a, null, hooks()).querySelector(".day-sep")?.textContent).toBe("Tuesday, 5 Mar 2024");
    const rb = renderRow(b, a, hooks());
    expect(rb.querySelector(".day-sep")).toBeNull();
    expect(rb.querySelector(".sender")).toBeNull();
    const rc = renderRow(c, b, hooks());
    expect(rc.querySelector(".day-sep")?.textContent).toBe("Wednesday, 6 Mar 2024");
    expect(rc.querySelector(".sender")?.textContent).toBe("Ana");
  });
});
