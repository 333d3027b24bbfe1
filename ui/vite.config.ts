// Vite build of the Ferry desktop front end (static files embedded by the
// Tauri shell) and the Vitest setup for its unit tests.
import { defineConfig } from "vitest/config";

export default defineConfig({
  base: "./",
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // Everything is served from the app itself: no inline module preload polyfill.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  test: {
    environment: "happy-dom",
    include: ["tests/**/*.test.ts"],
  },
});
