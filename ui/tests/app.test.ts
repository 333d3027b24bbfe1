// The shell's navigation: a view that is still loading when the user moves
// on must not draw over the view that replaced it.
import { describe, expect, it } from "vitest";
import { startApp, type Ctx, type View } from "../src/app";
import { mount } from "../src/dom";

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

describe("navigation", () => {
  it("a slow view that finishes after the user moved on does not replace the current one", async () => {
    const slow = deferred();
    let staleGo: Ctx["go"] | null = null;
    const views: Record<string, View> = {
      library: async (ctx) => {
        staleGo = ctx.go;
        await slow.promise; // e.g. list_chats on a busy machine
        mount(ctx.root, "library content");
      },
      compare: (ctx) => mount(ctx.root, "compare content"),
    };
    const host = document.createElement("div");
    document.body.append(host);
    const go = startApp(host, views as never);
    go({ view: "library" });
    go({ view: "compare" });
    slow.resolve();
    await new Promise((r) => setTimeout(r, 0));
    const main = host.querySelector("#main")!;
    expect(main.textContent).toBe("compare content");
    expect(main.getAttribute("data-view")).toBe("compare");
    // Nor can it navigate the user away from where they are.
    staleGo!({ view: "library" });
    expect(main.getAttribute("data-view")).toBe("compare");
    host.remove();
  });
});
