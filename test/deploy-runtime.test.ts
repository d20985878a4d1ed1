// Operating the server: health probes, Prometheus metrics, client IPs and public URLs behind proxies,
// graceful shutdown (programmatic and on a real SIGTERM).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import * as gr from "gradio-ts";
import { computeRootUrl, forwardedPrefix } from "../src/server/root-url.js";
import { gracefulShutdown } from "../src/server/shutdown.js";
import { readSse, startServer, type TestServer } from "./helpers/server.js";

type Message = { msg: string; event_id: string | null; success?: boolean; message?: string; [key: string]: unknown };

const STOPPED = {
  msg: "unexpected_error",
  event_id: null,
  message: "Server stopped unexpectedly.",
  session_not_found: false,
  success: false,
};

function echoApp(
  fn: (text: string, context: gr.EventContext) => unknown = (text) => text,
  concurrencyLimit: number | null = 1,
) {
  const demo = new gr.Blocks({}, () => {
    const text = new gr.Textbox({ label: "Text" });
    const out = new gr.Textbox({ label: "Out" });
    new gr.Button("Go").click({
      fn: fn as (text: string) => unknown,
      inputs: text,
      outputs: out,
      apiName: "echo",
      concurrencyLimit,
    });
  });
  return demo;
}

async function restCall(
  url: string,
  api: string,
  data: unknown[],
  headers: Record<string, string> = {},
): Promise<string> {
  const posted = await fetch(`${url}/gradio_api/call/${api}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ data }),
  });
  assert.equal(posted.status, 200, await posted.clone().text());
  const { event_id } = (await posted.json()) as { event_id: string };
  return (await fetch(`${url}/gradio_api/call/${api}/${event_id}`)).text();
}

const join = (url: string, session: string, data: unknown[] = ["hi"]) =>
  fetch(`${url}/gradio_api/queue/join`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ data, fn_index: 0, session_hash: session }),
  });

describe("health probes", () => {
  test("/healthz and /readyz answer 200 without a session, even with auth on", async () => {
    const server = await startServer(echoApp(), { auth: ["alice", "correct horse battery"] });
    try {
      for (const [probe, status] of [
        ["/healthz", "ok"],
        ["/readyz", "ready"],
      ] as const) {
        const response = await fetch(server.url + probe);
        assert.equal(response.status, 200, probe);
        assert.deepEqual(await response.json(), { status });
        assert.equal(response.headers.get("cache-control"), "no-store");
      }
      // The probes are the only way past sign-in: the rest still needs a session.
      assert.equal((await fetch(`${server.url}/config`)).status, 401);
      assert.equal((await fetch(`${server.url}/healthz/x`)).status, 401);
      // Metrics are off by default when auth is on.
      assert.equal((await fetch(`${server.url}/metrics`)).status, 401);
    } finally {
      await server.close();
    }
  });
});

describe("metrics", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer(
      echoApp((text) => {
        if (text === "boom") throw new gr.Error("no boom");
        return text.toUpperCase();
      }),
    );
  });
  after(async () => server.close());

  const scrape = async () => {
    const response = await fetch(`${server.url}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    return response.text();
  };
  const value = (text: string, series: string) => {
    const line = text.split("\n").find((l) => l.startsWith(series + " "));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  test("served by default without auth, in Prometheus text format, with queue, event, HTTP, upload and process metrics", async () => {
    const ok = await restCall(server.url, "echo", ["hey"]);
    assert.match(ok, /event: complete\ndata: \["HEY"\]/);
    const failed = await restCall(server.url, "echo", ["boom"]);
    assert.match(failed, /event: error/);

    const form = new FormData();
    form.append("files", new Blob([Buffer.from("a,b\n1,2\n")]), "a.csv");
    form.append("files", new Blob([Buffer.from("hello")]), "b.txt");
    const uploaded = await fetch(`${server.url}/gradio_api/upload`, { method: "POST", body: form });
    assert.equal(uploaded.status, 200);

    const text = await scrape();
    assert.equal(value(text, 'gradio_events_total{api_name="echo",outcome="success"}'), 1);
    assert.equal(value(text, 'gradio_events_total{api_name="echo",outcome="error"}'), 1);
    assert.equal(value(text, 'gradio_queue_wait_seconds_count{api_name="echo"}'), 2);
    assert.equal(value(text, 'gradio_event_run_seconds_count{api_name="echo",outcome="success"}'), 1);
    assert.equal(value(text, "gradio_queue_waiting_events"), 0);
    assert.equal(value(text, "gradio_queue_running_events"), 0);
    assert.equal(value(text, 'gradio_upload_requests_total{status="200"}'), 1);
    assert.equal(value(text, "gradio_uploaded_files_total"), 2);
    assert.ok((value(text, "gradio_upload_bytes_total") ?? 0) > 13);
    assert.equal(
      value(text, 'gradio_http_requests_total{route="/gradio_api/call/:api_name",method="POST",status="200"}'),
      2,
    );
    assert.ok(text.includes("# TYPE process_cpu_user_seconds_total counter"));
    assert.ok(text.includes("# TYPE nodejs_eventloop_lag_seconds gauge"));
    // Labels never carry what callers send: a 404 for a made-up path is counted as "unmatched".
    await fetch(`${server.url}/no/such/secret-path`);
    assert.ok(!(await scrape()).includes("secret-path"));
    assert.equal(value(await scrape(), 'gradio_http_requests_total{route="unmatched",method="GET",status="404"}'), 1);
  });

  test("waiting events show in the queue gauge", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const blocked = await startServer(echoApp(async (text) => (await gate, text)));
    try {
      for (const session of ["m1", "m2", "m3"]) assert.equal((await join(blocked.url, session)).status, 200);
      const text = await (await fetch(`${blocked.url}/metrics`)).text();
      assert.equal(value(text, "gradio_queue_running_events"), 1);
      assert.equal(value(text, "gradio_queue_waiting_events"), 2);
    } finally {
      release();
      await blocked.close();
    }
  });

  test("a token protects /metrics, signed in or not; metrics: false turns it off", async () => {
    const token = "metrics-token-0123456789";
    const withToken = await startServer(echoApp(), { auth: ["alice", "correct horse battery"], metrics: { token } });
    const off = await startServer(echoApp(), { metrics: false });
    try {
      const denied = await fetch(`${withToken.url}/metrics`);
      assert.equal(denied.status, 401);
      assert.equal(denied.headers.get("www-authenticate"), 'Bearer realm="metrics"');
      assert.equal(
        (await fetch(`${withToken.url}/metrics`, { headers: { authorization: "Bearer wrong-token-0123456789" } }))
          .status,
        401,
      );
      const allowed = await fetch(`${withToken.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(allowed.status, 200);
      assert.match(await allowed.text(), /gradio_queue_waiting_events 0/);
      assert.equal((await fetch(`${off.url}/metrics`)).status, 404);
      await assert.rejects(startServer(echoApp(), { metrics: { token: "short" } }), /at least 16/);
    } finally {
      await withToken.close();
      await off.close();
    }
  });
});

describe("behind a proxy", () => {
  const ipApp = () => echoApp((_text, context) => context.request.clientIp);

  test("X-Forwarded-For is believed from trusted proxies only", async () => {
    const trusting = await startServer(ipApp());
    const distrusting = await startServer(ipApp(), { trustedProxies: ["10.9.9.9"] });
    try {
      const forwarded = { "x-forwarded-for": "203.0.113.7" };
      assert.match(await restCall(trusting.url, "echo", ["x"], forwarded), /data: \["203\.0\.113\.7"\]/);
      assert.match(await restCall(trusting.url, "echo", ["x"]), /data: \["127\.0\.0\.1"\]/);
      assert.match(await restCall(distrusting.url, "echo", ["x"], forwarded), /data: \["127\.0\.0\.1"\]/);
    } finally {
      await trusting.close();
      await distrusting.close();
    }
  });

  test("config.root carries the prefix from rootPath, or from X-Forwarded-Prefix of a trusted proxy", async () => {
    const plain = await startServer(echoApp());
    const rooted = await startServer(echoApp(), { rootPath: "/demo" });
    const distrusting = await startServer(echoApp(), { trustedProxies: ["10.9.9.9"] });
    try {
      const root = async (url: string, headers: Record<string, string> = {}) =>
        ((await (await fetch(`${url}/config`, { headers })).json()) as { root: string }).root;
      assert.equal(await root(rooted.url), `${rooted.url}/demo`);
      const proxied = {
        "x-forwarded-host": "example.com",
        "x-forwarded-proto": "https",
        "x-forwarded-prefix": "/demo",
      };
      assert.equal(await root(plain.url, proxied), "https://example.com/demo");
      assert.equal(await root(rooted.url, proxied), "https://example.com/demo");
      assert.equal(await root(distrusting.url, proxied), distrusting.url);
    } finally {
      await plain.close();
      await rooted.close();
      await distrusting.close();
    }
  });

  test("computeRootUrl: prefixes are plain paths, and only a trusted proxy's count", () => {
    const request = (headers: Record<string, string>, fromTrustedProxy = true) => ({
      protocol: "http",
      host: "127.0.0.1:7860",
      url: "/config",
      headers,
      fromTrustedProxy,
    });
    assert.equal(computeRootUrl(request({ "x-forwarded-prefix": "/a/b/" }), "/config"), "http://127.0.0.1:7860/a/b");
    assert.equal(computeRootUrl(request({ "x-forwarded-prefix": "/a" }, false), "/config"), "http://127.0.0.1:7860");
    assert.equal(
      computeRootUrl(request({ "x-forwarded-prefix": "/a" }), "/config", "https://public.example/x"),
      "https://public.example/x",
    );
    for (const bad of ["//evil.example", "/../x", "/a/..", "https://evil.example", "/a?b", "/a b", "a", "/%2e%2e"]) {
      assert.equal(forwardedPrefix(bad), undefined, bad);
      assert.equal(computeRootUrl(request({ "x-forwarded-prefix": bad }), "/config"), "http://127.0.0.1:7860", bad);
    }
  });
});

describe("graceful shutdown", () => {
  const launch = (demo: gr.Blocks) =>
    demo.launch({
      serverPort: 0,
      quiet: true,
      logLevel: "silent",
      handleSignals: false,
      cacheDir: os.tmpdir() + "/gradio-ts-deploy-test",
    });

  test("running events finish, waiting clients are told the server stopped, new events are refused", async () => {
    const app = await launch(echoApp(async (text) => (await sleep(600), text)));
    const first = await join(app.url, "s1", ["first"]);
    const second = await join(app.url, "s2", ["second"]);
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    const streams = [
      fetch(`${app.url}/gradio_api/queue/data?session_hash=s1`).then(readSse),
      fetch(`${app.url}/gradio_api/queue/data?session_hash=s2`).then(readSse),
    ];
    await sleep(100);
    const stopping = gracefulShutdown(app, 5);
    await sleep(50);
    const ready = await fetch(`${app.url}/readyz`);
    assert.equal(ready.status, 503);
    assert.deepEqual(await ready.json(), { status: "stopping" });
    assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
    assert.equal((await join(app.url, "s3")).status, 503);
    const report = await stopping;
    assert.deepEqual(report, { finishedInTime: true, sessionsTold: 1 });
    const [s1, s2] = (await Promise.all(streams)) as [Message[], Message[]];
    const done = s1.find((m) => m.msg === "process_completed");
    assert.equal(done?.success, true);
    assert.deepEqual((done?.output as { data: unknown[] }).data, ["first"]);
    assert.ok(!s1.some((m) => m.msg === "unexpected_error"));
    // The waiting event never started; its client hears why, then the stream closes.
    assert.ok(!s2.some((m) => m.msg === "process_starts"));
    assert.deepEqual(s2.at(-2), STOPPED);
    assert.deepEqual(s2.at(-1), { msg: "close_stream", event_id: null });
    await assert.rejects(fetch(`${app.url}/healthz`));
  });

  test("an event still running when the grace period ends is cancelled and its client told", async () => {
    let cancelled = false;
    const app = await launch(
      echoApp(async (text, { signal }) => {
        signal.addEventListener("abort", () => (cancelled = true));
        await sleep(5000, undefined, { signal }).catch(() => undefined);
        return text;
      }),
    );
    await join(app.url, "slow");
    const stream = fetch(`${app.url}/gradio_api/queue/data?session_hash=slow`).then(readSse);
    await sleep(100);
    const started = Date.now();
    const report = await gracefulShutdown(app, 0.3);
    assert.ok(Date.now() - started < 3000);
    assert.equal(report.finishedInTime, false);
    assert.equal(cancelled, true);
    const messages = (await stream) as Message[];
    assert.ok(messages.some((m) => m.msg === "process_starts"));
    assert.ok(!messages.some((m) => m.msg === "process_completed"));
    assert.deepEqual(messages.at(-2), STOPPED);
  });

  test(
    "SIGTERM: a real process finishes its running event, answers 503 on /readyz meanwhile, and exits 0",
    { timeout: 60_000 },
    async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-sigterm-"));
      const entry = pathToFileURL(path.resolve("src/index.ts")).href;
      const appFile = path.join(dir, "app.mts");
      await writeFile(
        appFile,
        `import * as gr from ${JSON.stringify(entry)};
const demo = new gr.Interface({ fn: async (text: string) => { await new Promise((r) => setTimeout(r, 1500)); return "done " + text; }, inputs: "text", outputs: "text", apiName: "slow" });
await demo.launch({ serverPort: 0, cacheDir: ${JSON.stringify(path.join(dir, "cache"))}, shutdownGraceSeconds: 10 });
`,
      );
      const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", appFile], {
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, GRADIO_LOG_LEVEL: "info" },
      });
      let stdout = "";
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      try {
        const url = await new Promise<string>((resolve, reject) => {
          child.stdout.on("data", (chunk: Buffer) => {
            stdout += chunk.toString();
            const match = /Running on local URL: +(\S+)/.exec(stdout);
            if (match) resolve(match[1]!);
          });
          void exited.then(() => reject(new Error(`app exited early: ${stdout}\n${stderr}`)));
        });
        const posted = (await (
          await fetch(`${url}/gradio_api/call/slow`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ data: ["job"] }),
          })
        ).json()) as { event_id: string };
        const result = fetch(`${url}/gradio_api/call/slow/${posted.event_id}`).then((r) => r.text());
        await sleep(300);
        child.kill("SIGTERM");
        await sleep(200);
        assert.equal((await fetch(`${url}/readyz`)).status, 503);
        assert.match(await result, /event: complete\ndata: \["done job"\]/);
        assert.equal(await exited, 0);
        assert.match(stdout, /Shutting down/);
        // Structured logs: one JSON object per line, the shutdown phases among them.
        const phases = stdout
          .split("\n")
          .filter((line) => line.startsWith("{"))
          .map((line) => JSON.parse(line) as { event?: string; phase?: string })
          .filter((entry) => entry.event === "shutdown")
          .map((entry) => entry.phase);
        assert.deepEqual(phases, ["draining", "closed"]);
      } finally {
        if (child.exitCode === null) child.kill("SIGKILL");
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});
