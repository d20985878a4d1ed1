// API tokens (made with the CLI, used with curl and the typed client, revoked) and the typed client
// (timeouts, retries, uploads; against gradio-ts and against a Python Gradio 6 twin app).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { Client, isAppError } from "gradio-ts/client";
import * as gr from "gradio-ts";
import { buildApiApp, count, greet, shout } from "./api-app.js";
import { pythonWithGradio6, startPythonGradioApp } from "./api-python.js";
import { startServer, type TestServer } from "./helpers/server.js";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");
const CLI = path.join(ROOT, "src", "cli", "main.ts");

async function cli(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--conditions=source", "--import", "tsx", CLI, ...args], {
      cwd: ROOT,
      timeout: 30_000,
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

async function curl(args: string[]): Promise<{ status: number; body: string }> {
  const { stdout } = await run("curl", ["-s", "-w", "\n%{http_code}", ...args], { timeout: 20_000 });
  const lines = stdout.split("\n");
  return { status: Number(lines.pop()), body: lines.join("\n") };
}

describe("API tokens", () => {
  let server: TestServer;
  let store: string;
  let adminToken: string;
  let adminId: string;
  let plainToken: string;

  before(async () => {
    store = path.join(await mkdtemp(path.join(os.tmpdir(), "gradio-ts-tokens-")), "tokens.json");
    const made = await cli(["token", "create", "--role", "admin", "--name", "ci-bot", "--store", store]);
    assert.equal(made.code, 0, made.stderr);
    adminToken = made.stdout.trim();
    const plain = await cli(["token", "create", "--name", "reader", "--store", store]);
    plainToken = plain.stdout.trim();
    // Sign-in required: passwords for people, tokens for programs.
    server = await startServer(buildApiApp(), {
      auth: [["alice", "pw", ["admin"]]],
      tokenStore: store,
      mcpServer: true,
    });
  });
  after(async () => server.close());

  test("the CLI shows a token once and stores only its hash, owner-readable", async () => {
    assert.match(adminToken, /^gts_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const file = await readFile(store, "utf8");
    // The secret is everything after the id; it may itself contain "_".
    const secret = /^gts_[0-9a-f]{12}_(.+)$/.exec(adminToken)![1]!;
    assert.ok(!file.includes(secret), "the secret is not stored");
    assert.equal((await stat(store)).mode & 0o777, 0o600);
    const listed = await cli(["token", "list", "--store", store]);
    const rows = listed.stdout
      .trim()
      .split("\n")
      .map((line) => line.split("\t"));
    assert.deepEqual(
      rows.map((r) => [r[1], r[2]]),
      [
        ["ci-bot", "admin"],
        ["reader", "-"],
      ],
    );
    adminId = rows[0]![0]!;
  });

  test("curl with a token calls the REST route; without one it is refused", async () => {
    const anonymous = await curl([
      "-X",
      "POST",
      "-H",
      "content-type: application/json",
      "-d",
      '{"data":["Ada",1]}',
      `${server.url}/gradio_api/call/greet`,
    ]);
    assert.equal(anonymous.status, 401);
    const posted = await curl([
      "-X",
      "POST",
      "-H",
      `Authorization: Bearer ${adminToken}`,
      "-H",
      "content-type: application/json",
      "-d",
      '{"data":["Ada",2]}',
      `${server.url}/gradio_api/call/greet`,
    ]);
    assert.equal(posted.status, 200, posted.body);
    const eventId = (JSON.parse(posted.body) as { event_id: string }).event_id;
    const stream = await curl([
      "-H",
      `Authorization: Bearer ${adminToken}`,
      `${server.url}/gradio_api/call/greet/${eventId}`,
    ]);
    assert.match(stream.body, /event: complete\ndata: \["Hello Ada!!"\]/);
  });

  test("a token without the role can neither list nor call the role-restricted endpoint", async () => {
    const info = (await (
      await fetch(`${server.url}/gradio_api/info`, { headers: { authorization: `Bearer ${plainToken}` } })
    ).json()) as { named_endpoints: Record<string, unknown> };
    assert.ok("/greet" in info.named_endpoints);
    assert.ok(!("/secret" in info.named_endpoints));
    const openapi = (await (
      await fetch(`${server.url}/gradio_api/openapi.json`, { headers: { authorization: `Bearer ${plainToken}` } })
    ).json()) as { paths: Record<string, unknown> };
    assert.ok(!Object.keys(openapi.paths).some((p) => p.includes("secret")));
    const call = await fetch(`${server.url}/gradio_api/call/secret`, {
      method: "POST",
      headers: { authorization: `Bearer ${plainToken}`, "content-type": "application/json" },
      body: '{"data":["x"]}',
    });
    assert.equal(call.status, 403);
    const adminInfo = (await (
      await fetch(`${server.url}/gradio_api/info`, { headers: { authorization: `Bearer ${adminToken}` } })
    ).json()) as { named_endpoints: Record<string, unknown> };
    assert.ok("/secret" in adminInfo.named_endpoints);
  });

  test("the typed client uses a token over the queue; the password login keeps working beside it", async () => {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- only its type is used: it types the client
    const demo = gr.typedEndpoints(buildApiApp(), { greet });
    const client = await Client.connect<typeof demo>(server.url, { token: adminToken });
    const result = await client.predict("/greet", ["Token", 1]);
    assert.deepEqual(result.data, ["Hello Token!"]);
    // /secret is not among the typed endpoints given above, so the compiler would refuse it: cast.
    const secret = await client.predict("/secret" as "/greet", ["x"] as never);
    assert.deepEqual(secret.data, ["admin says x"], "the admin token may call /secret");
    client.close();

    const login = await fetch(`${server.url}/login`, {
      method: "POST",
      body: new URLSearchParams({ username: "alice", password: "pw" }),
      redirect: "manual",
    });
    assert.equal(login.status, 200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const byCookie = await Client.connect(server.url, { headers: { cookie } });
    assert.deepEqual((await byCookie.predict("/greet", ["Alice", 1])).data, ["Hello Alice!"]);
    byCookie.close();
  });

  test("a revoked token is refused at once, by the running server too", async () => {
    const revoked = await cli(["token", "revoke", adminId, "--store", store]);
    assert.equal(revoked.code, 0, revoked.stderr);
    const refused = await curl(["-H", `Authorization: Bearer ${adminToken}`, `${server.url}/config`]);
    assert.equal(refused.status, 401);
    assert.match(refused.body, /Invalid or revoked API token/);
    await assert.rejects(Client.connect(server.url, { token: adminToken, retries: 0 }), /HTTP 401/);
    const mcp = await fetch(`${server.url}/gradio_api/mcp/`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${adminToken}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: "{}",
    });
    assert.equal(mcp.status, 401);
  });

  test("tokens count against the rate limit like sessions", async () => {
    const limited = await startServer(buildApiApp(), { tokenStore: store, rateLimit: { max: 2, windowSeconds: 60 } });
    try {
      const post = () =>
        fetch(`${limited.url}/gradio_api/call/v2/greet`, {
          method: "POST",
          headers: { authorization: `Bearer ${plainToken}`, "content-type": "application/json" },
          body: '{"name":"x"}',
        });
      assert.deepEqual([(await post()).status, (await post()).status, (await post()).status], [200, 200, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe("typed client", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer(buildApiApp());
  });
  after(async () => server.close());

  test("predict, submit with status and progress, uploads, gr.Error", async () => {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- only its type is used: it types the client
    const demo = gr.typedEndpoints(buildApiApp(), { greet, count, shout });
    const client = await Client.connect<typeof demo>(server.url);
    assert.deepEqual((await client.predict("greet", ["Typed", 2])).data, ["Hello Typed!!"]);

    const job = client.submit("/count", [3]);
    const stages: string[] = [];
    const steps: unknown[] = [];
    let sawProgress = false;
    for await (const event of job) {
      if (event.type === "status") {
        stages.push(event.stage);
        if (event.progress?.length) sawProgress = true;
      } else if (event.type === "data") steps.push(event.data[0]);
    }
    assert.deepEqual((await job.result).data, ["step 3 of 3"]);
    assert.ok(steps.includes("step 1 of 3"));
    assert.ok(sawProgress);
    assert.equal(stages.at(-1), "complete");

    const uploaded = await client.predict("/shout", [new Blob(["typed upload"], { type: "text/plain" })]);
    const out = uploaded.data[0] as unknown as { url: string };
    assert.equal(await (await fetch(out.url)).text(), "TYPED UPLOAD");

    const error = await client.predict("/refuse" as "/greet", ["Zed"] as never).catch((e: unknown) => e);
    assert.ok(isAppError(error));
    assert.equal((error as Error).message, "No greeting for Zed");
    client.close();
  });

  test("timeouts cancel a call; retries ride out a busy server", async () => {
    const slow = new gr.Blocks({}, () => {
      const box = new gr.Textbox();
      new gr.Button("x").click({
        fn: async function nap() {
          await new Promise((r) => setTimeout(r, 2000));
          return "late";
        },
        inputs: [],
        outputs: box,
        apiName: "nap",
      });
    });
    const napping = await startServer(slow);
    try {
      const client = await Client.connect(napping.url);
      await assert.rejects(client.predict("/nap", [], { timeoutMs: 200 }), /timed out after 200 ms/);
      client.close();
    } finally {
      await napping.close();
    }

    let calls = 0;
    const flaky = async (input: string, init?: RequestInit) => {
      calls++;
      if (calls <= 2) return new Response('{"detail":"busy"}', { status: 503, headers: { "retry-after": "0" } });
      return fetch(input, init);
    };
    const client = await Client.connect(server.url, { fetch: flaky, retries: 3, retryDelayMs: 10 });
    assert.deepEqual((await client.predict("/greet", ["Retry", 1])).data, ["Hello Retry!"]);
    assert.ok(calls >= 3);
    client.close();
    await assert.rejects(
      Client.connect(server.url, {
        fetch: async () => new Response("no", { status: 503 }),
        retries: 1,
        retryDelayMs: 1,
      }),
      /HTTP 503/,
    );
  });

  test("talks to a Python Gradio 6 twin app", { timeout: 240_000 }, async (t) => {
    const python = await pythonWithGradio6();
    if (!python) return t.skip("Python Gradio 6 unavailable (no PyPI?)");
    const script = `
import gradio as gr, sys
def greet(name, times):
    return "Hello " + name + "!" * int(times)
def count(n):
    for i in range(1, int(n) + 1):
        yield f"step {i} of {int(n)}"
with gr.Blocks() as demo:
    name = gr.Textbox(label="Name"); times = gr.Slider(1, 5, step=1, value=1, label="Times"); out = gr.Textbox()
    gr.Button("Go").click(greet, [name, times], out, api_name="greet")
    n = gr.Number(value=3, precision=0); steps = gr.Textbox()
    gr.Button("Count").click(count, n, steps, api_name="count")
demo.queue().launch(server_name="127.0.0.1", server_port=int(sys.argv[1]), prevent_thread_lock=False, show_error=True)
`;
    const twin = await startPythonGradioApp(python, script);
    try {
      const url = twin.url;
      type Twin = gr.ApiTypes<{
        greet: { args: [string, number]; result: [string] };
        count: { args: [number]; result: [string] };
      }>;
      const client = await Client.connect<Twin>(url, { timeoutMs: 10_000 });
      assert.deepEqual((await client.predict("/greet", ["Python", 2])).data, ["Hello Python!!"]);
      const job = client.submit("/count", [3]);
      const seen: string[] = [];
      for await (const event of job) if (event.type === "data") seen.push(event.data[0] as string);
      assert.deepEqual((await job.result).data, ["step 3 of 3"]);
      assert.ok(seen.includes("step 1 of 3"));
      client.close();
    } finally {
      twin.close();
    }
  });
});
