import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import preact from "@preact/preset-vite";
import { defineConfig, type Plugin } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
// A running gradio-ts app to talk to while developing the page (`npm run dev:frontend`).
const backend = process.env.GRADIO_TS_BACKEND ?? "http://127.0.0.1:7860";

/**
 * Writes `name.br` and `name.gz` beside each built asset, at the highest settings: compressing once here
 * costs a second of build time and saves every page load the bytes and the server the CPU.
 */
function precompress(): Plugin {
  return {
    name: "gradio-ts-precompress",
    apply: "build",
    async closeBundle() {
      const assets = path.join(root, "dist", "assets");
      for (const name of await readdir(assets)) {
        if (!/\.(?:js|css|svg)$/.test(name)) continue;
        const body = await readFile(path.join(assets, name));
        const brotli = brotliCompressSync(body, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        });
        await writeFile(path.join(assets, `${name}.br`), brotli);
        await writeFile(path.join(assets, `${name}.gz`), gzipSync(body, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root,
  // Relative asset URLs, so the page works when the app is mounted under a path prefix.
  base: "./",
  plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false }), precompress()],
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
