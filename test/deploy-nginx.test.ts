// The app behind a real nginx, under the path prefix /demo/: config and file URLs carry the prefix,
// SSE streams pass through unbuffered, uploads and downloads work, with @gradio/client and raw fetch.
// nginx is the Debian package (nginx-light); the test writes its own config into a temp dir and runs
// it in the foreground on a free 127.0.0.1 port.
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Client, handle_file } from "@gradio/client";
import * as gr from "gradio-ts";
import { startServer, type TestServer } from "./helpers/server.js";

function findNginx(): string | null {
  for (const candidate of ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"])
    if (existsSync(candidate)) return candidate;
  const which = spawnSync("sh", ["-c", "command -v nginx"], { encoding: "utf8" });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : null;
}

/** nginx, installed from Debian's packages when missing and we may (root); null when it cannot be had. */
function ensureNginx(): string | null {
  const found = findNginx();
  if (found || process.getuid?.() !== 0) return found;
  console.warn("# nginx is missing: installing nginx-light with apt-get");
  spawnSync("sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light"], {
    stdio: "inherit",
    timeout: 300_000,
  });
  return findNginx();
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function nginxConfig(dir: string, port: number, upstreamPort: number): string {
  const p = (name: string) => path.join(dir, name);
  return `daemon off;
worker_processes 1;
pid ${p("nginx.pid")};
error_log ${p("error.log")} warn;
events { worker_connections 256; }
http {
  access_log ${p("access.log")};
  client_body_temp_path ${p("client_body")};
  proxy_temp_path ${p("proxy")};
  fastcgi_temp_path ${p("fastcgi")};
  uwsgi_temp_path ${p("uwsgi")};
  scgi_temp_path ${p("scgi")};
  client_max_body_size 50m;
  upstream gradio { server 127.0.0.1:${upstreamPort}; keepalive 8; }
  server {
    listen 127.0.0.1:${port};
    location = /demo { return 301 /demo/; }
    location /demo/ {
      # The trailing slash strips /demo before the app sees the path.
      proxy_pass http://gradio/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Prefix /demo;
      # Server-sent events: pass every byte on at once, and let streams stay open.
      proxy_buffering off;
      proxy_cache off;
      proxy_read_timeout 3600s;
      proxy_send_timeout 3600s;
      # Uploads stream through to the app, which enforces its own size limit.
      proxy_request_buffering off;
    }
  }
}
`;
}

const nginx = ensureNginx();
if (!nginx)
  console.warn(
    "\n#### SKIPPING the nginx reverse-proxy test: nginx is not installed and could not be installed (apt-get install -y nginx-light). ####\n",
  );

describe(
  "behind nginx under /demo/",
  { skip: nginx ? false : "nginx is not installed (apt-get install -y nginx-light)" },
  () => {
    let app: TestServer;
    let proxy: ChildProcess;
    let dir: string;
    let base: string;
    let release: () => void = () => {};
    let nginxLog = "";

    before(async () => {
      const demo = new gr.Blocks({ title: "behind nginx" }, () => {
        const text = new gr.Textbox({ label: "Text" });
        const out = new gr.Textbox({ label: "Out" });
        const go = new gr.Button("Go");
        go.click({
          fn: async function* ticks(text: string) {
            yield `${text} 1`;
            // The test releases the rest only once it has seen the first value: proof that nothing buffers.
            await new Promise<void>((resolve) => (release = resolve));
            yield `${text} 2`;
            yield `${text} 3`;
          },
          inputs: text,
          outputs: out,
          apiName: "ticks",
        });
        const upload = new gr.File({ label: "Upload" });
        const result = new gr.File({ label: "Result" });
        go.click({
          fn: async function reverse(file: string | string[]) {
            const bytes = await readFile(file as string);
            const outDir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-nginx-out-"));
            const out = path.join(outDir, "reversed.bin");
            await writeFile(out, Buffer.from(bytes).reverse());
            return out;
          },
          inputs: upload,
          outputs: result,
          apiName: "reverse",
        });
      });
      app = await startServer(demo);
      dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-nginx-"));
      // nginx's workers run as an unprivileged user when the master is root: they need to reach the dir.
      await chmod(dir, 0o755);
      const port = await freePort();
      await writeFile(path.join(dir, "nginx.conf"), nginxConfig(dir, port, Number(new URL(app.url).port)));
      proxy = spawn(nginx!, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log")], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      proxy.stderr?.on("data", (chunk: Buffer) => (nginxLog += chunk.toString()));
      base = `http://127.0.0.1:${port}`;
      for (let i = 0; ; i++) {
        const up = await fetch(`${base}/demo/healthz`).then(
          (r) => r.ok,
          () => false,
        );
        if (up) break;
        if (i > 100 || proxy.exitCode !== null)
          throw new Error(
            `nginx did not start: ${nginxLog}${await readFile(path.join(dir, "error.log"), "utf8").catch(() => "")}`,
          );
        await sleep(50);
      }
    });

    after(async () => {
      release();
      if (proxy && proxy.exitCode === null) {
        const exited = new Promise((resolve) => proxy.once("exit", resolve));
        proxy.kill("SIGQUIT");
        await Promise.race([exited, sleep(3000).then(() => proxy.kill("SIGKILL"))]);
      }
      await app?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    test("the page, the health probes and the config are reached through the prefix, and the config's root includes it", async () => {
      const page = await fetch(`${base}/demo/`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
      assert.equal((await fetch(`${base}/demo/readyz`)).status, 200);
      const config = (await (await fetch(`${base}/demo/config`)).json()) as { root: string };
      assert.equal(config.root, `${base}/demo`);
      // Without the proxy's headers the app describes itself as it is.
      const direct = (await (await fetch(`${app.url}/config`)).json()) as { root: string };
      assert.equal(direct.root, app.url);
    });

    test(
      "SSE through nginx is not buffered: the first value arrives while the fn is still waiting",
      { timeout: 20_000 },
      async () => {
        const posted = await fetch(`${base}/demo/gradio_api/call/ticks`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ data: ["raw"] }),
        });
        assert.equal(posted.status, 200);
        const { event_id } = (await posted.json()) as { event_id: string };
        const response = await fetch(`${base}/demo/gradio_api/call/ticks/${event_id}`);
        assert.match(response.headers.get("content-type") ?? "", /^text\/event-stream/);
        const reader = response.body!.getReader();
        const decoder = new TextDecoder();
        let text = "";
        while (!text.includes('data: ["raw 1"]')) {
          const { value, done } = await reader.read();
          assert.ok(!done, `stream ended early: ${text}`);
          text += decoder.decode(value, { stream: true });
        }
        assert.ok(!text.includes("raw 2"));
        release();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          text += decoder.decode(value, { stream: true });
        }
        assert.match(text, /event: generating\ndata: \["raw 2"\]/);
        assert.match(text, /event: complete\ndata: \["raw 3"\]/);
      },
    );

    test("@gradio/client streams a generator through the prefix", { timeout: 20_000 }, async () => {
      const client = await Client.connect(`${base}/demo/`);
      const seen: unknown[] = [];
      for await (const message of client.submit("/ticks", ["js"])) {
        if (message.type !== "data") continue;
        seen.push((message.data as unknown[])[0]);
        if (seen.length === 1) release();
        if (seen.length === 3) break;
      }
      assert.deepEqual(seen, ["js 1", "js 2", "js 3"]);
    });

    test(
      "@gradio/client uploads a file through the prefix and the result downloads from a prefixed URL",
      { timeout: 20_000 },
      async () => {
        const client = await Client.connect(`${base}/demo/`);
        const input = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
        const result = await client.predict("/reverse", [handle_file(input)]);
        const file = (result.data as { url: string; orig_name: string }[])[0]!;
        assert.equal(file.orig_name, "reversed.bin");
        assert.ok(file.url.startsWith(`${base}/demo/gradio_api/file=`), file.url);
        const download = await fetch(file.url);
        assert.equal(download.status, 200);
        assert.deepEqual(Buffer.from(await download.arrayBuffer()), Buffer.from(input).reverse());
      },
    );

    test("raw multipart upload through nginx lands in the app's cache", async () => {
      const form = new FormData();
      form.append("files", new Blob([Buffer.from("hello through nginx")]), "hello.txt");
      const uploaded = await fetch(`${base}/demo/gradio_api/upload`, { method: "POST", body: form });
      assert.equal(uploaded.status, 200);
      const [stored] = (await uploaded.json()) as string[];
      assert.ok(stored!.startsWith(app.cacheDir));
      const back = await fetch(`${base}/demo/gradio_api/file=${encodeURIComponent(stored!)}`);
      assert.equal(back.status, 200);
      assert.equal(await back.text(), "hello through nginx");
    });
  },
);
