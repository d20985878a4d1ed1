// gr.render and roles: an event a render fn builds with `roles` is named in the render completion only
// to users holding the role (as /config does for the app's own events), and is refused to others.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { ensureRedis, startRedis, type TestRedis } from "./helpers/redis.js";
import { readSse, startServer, type TestServer } from "./helpers/server.js";

interface RenderedDependency {
  id: number;
  api_name: string | null;
}
interface RenderConfig {
  dependencies: RenderedDependency[];
  page: Record<string, { dependencies: number[] }>;
}
interface Message {
  msg: string;
  success?: boolean;
  output?: { data?: unknown[]; render_config?: RenderConfig | null };
}

function renderRolesApp() {
  return new gr.Blocks({ title: "render roles" }, () => {
    const label = new gr.Textbox({ value: "row", label: "label" });
    gr.render({ inputs: [label] }, (text: string) => {
      const box = new gr.Textbox({ value: text, label: "box", key: "box" });
      const go = new gr.Button("go");
      go.click({ fn: (s: string) => `echo ${s}`, inputs: [box], outputs: [box], apiName: "echo_rendered" });
      go.click({
        fn: (s: string) => `wiped ${s}`,
        inputs: [box],
        outputs: [box],
        apiName: "wipe_rendered",
        roles: ["admin"],
      });
    });
  });
}

async function login(url: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${url}/login`, { method: "POST", body: new URLSearchParams({ username, password }) });
  assert.equal(response.status, 200);
  return (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

async function join(
  url: string,
  cookie: string,
  sessionHash: string,
  fnIndex: number,
  data: unknown[],
): Promise<Response> {
  return fetch(`${url}/gradio_api/queue/join`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ data, fn_index: fnIndex, session_hash: sessionHash, event_data: null, trigger_id: null }),
  });
}

async function completion(url: string, cookie: string, sessionHash: string): Promise<Message> {
  const messages = (await readSse(
    await fetch(`${url}/gradio_api/queue/data?session_hash=${sessionHash}`, { headers: { cookie } }),
  )) as Message[];
  const done = messages.find((m) => m.msg === "process_completed");
  assert.ok(done, `no completion in ${JSON.stringify(messages)}`);
  return done;
}

async function renderFor(url: string, cookie: string, sessionHash: string): Promise<RenderConfig> {
  const config = (await (await fetch(`${url}/config`, { headers: { cookie } })).json()) as {
    dependencies: { id: number; render_id: number | null }[];
  };
  const renderEvent = config.dependencies.find((d) => d.render_id !== null)!;
  assert.equal((await join(url, cookie, sessionHash, renderEvent.id, ["row"])).status, 200);
  const done = await completion(url, cookie, sessionHash);
  assert.equal(done.success, true, JSON.stringify(done.output));
  assert.ok(done.output?.render_config);
  return done.output.render_config;
}

const names = (config: RenderConfig) => config.dependencies.map((d) => d.api_name);

function renderRolesSuite(start: () => Promise<TestServer>) {
  let server: TestServer;
  let alice: string;
  let bob: string;
  before(async () => {
    server = await start();
    alice = await login(server.url, "alice", "pw");
    bob = await login(server.url, "bob", "pw");
  });
  after(async () => server.close());

  test("R2-18: a user without the role is not told about the rendered event; the admin is", async () => {
    const plain = await renderFor(server.url, alice, "alice-render-1");
    assert.deepEqual(names(plain), ["echo_rendered"]);
    assert.deepEqual(
      plain.page[""]!.dependencies,
      plain.dependencies.map((d) => d.id),
      "the page lists only what it describes",
    );
    const admin = await renderFor(server.url, bob, "bob-render-1");
    assert.deepEqual(names(admin), ["echo_rendered", "wipe_rendered"]);
  });

  test("R2-18: calling the hidden rendered event anyway is refused with 403, and others are still served", async () => {
    const admin = await renderFor(server.url, bob, "bob-render-2");
    const wipeId = admin.dependencies.find((d) => d.api_name === "wipe_rendered")!.id;
    const echoId = admin.dependencies.find((d) => d.api_name === "echo_rendered")!.id;
    // Ids of a session's renders follow the same sequence for everyone: alice can guess the hidden one.
    await renderFor(server.url, alice, "alice-render-2");
    const refused = await join(server.url, alice, "alice-render-2", wipeId, ["x"]);
    assert.equal(refused.status, 403);
    assert.deepEqual(await refused.json(), { detail: "You do not have permission to call this endpoint." });

    assert.equal((await join(server.url, alice, "alice-render-2", echoId, ["x"])).status, 200);
    assert.deepEqual((await completion(server.url, alice, "alice-render-2")).output?.data, ["echo x"]);
    assert.equal((await join(server.url, bob, "bob-render-2", wipeId, ["x"])).status, 200);
    assert.deepEqual((await completion(server.url, bob, "bob-render-2")).output?.data, ["wiped x"]);
  });
}

describe("gr.render with roles (in-memory queue)", () => {
  renderRolesSuite(() =>
    startServer(renderRolesApp(), {
      auth: [
        ["alice", "pw"],
        ["bob", "pw", ["admin"]],
      ],
    }),
  );
});

describe(
  "gr.render with roles (Redis backend: the job's user comes back from the shared queue)",
  { skip: ensureRedis() ? false : "redis-server is not installed" },
  () => {
    let redis: TestRedis | undefined;
    renderRolesSuite(async () => {
      redis = await startRedis();
      const server = await startServer(renderRolesApp(), {
        auth: [
          ["alice", "pw"],
          ["bob", "pw", ["admin"]],
        ],
        redisUrl: redis.url,
        redisKeyPrefix: "render-roles",
      });
      return {
        ...server,
        close: async () => {
          await server.close();
          await redis?.stop();
        },
      };
    });
  },
);
