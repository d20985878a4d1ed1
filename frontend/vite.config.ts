import { fileURLToPath } from "node:url";
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
// A running gradio-ts app to talk to while developing the page (`npm run dev:frontend`).
const backend = process.env.GRADIO_TS_BACKEND ?? "http://127.0.0.1:7860";

export default defineConfig({
  root,
  // Relative asset URLs, so the page works when the app is mounted under a path prefix.
  base: "./",
  plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false })],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // Lazy chunks are few and small; preloading their imports is not worth the helper's bytes.
    modulePreload: false,
    reportCompressedSize: false,
  },
  server: {
    host: "127.0.0.1",
    proxy: { "/config": backend, "/gradio_api": backend },
  },
});
