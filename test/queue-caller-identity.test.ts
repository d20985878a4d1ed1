// Who a fn sees, on both backends: a batch fn serves each item for its own caller (request, State,
// outputs), and a waiting job keeps no credentials: Redis never holds a session cookie or a token,
// and a fn sees the same credential-free headers on either backend.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Redis } from "ioredis";
import * as gr from "gradio-ts";
import { ensureRedis, startRedis, type TestRedis } from "./helpers/redis.js";
import { startServer, type TestServer } from "./helpers/server.js";

type Message = {
  msg: string;
  event_id?: string;
  success?: boolean;
  output?: { data?: unknown[]; error?: string | null };
};

const USERS: [string, string][] = [
  ["alice", "alice-pw"],
  ["bob", "bob-pw"],
];
const SECRET_HEADERS = {
  authorization: "Bearer bearer-secret-7f3a",
  "proxy-authorization": "Basic proxy-secret-91c2",
  "x-api-token": "api-token-secret-55d1",
  "x-api-key": "api-key-secret-0b8e",
  "x-hf-token": "hf-secret-c4d2",
};

function identityApp(log: { batches: string[][]; batchRequestError: string | null }) {
  let release: () => void = () => {};
  const demo = new gr.Blocks({ title: "identity" }, () => {
    const text = new gr.Textbox({ label: "Text" });
    const out = new gr.Textbox({ label: "Out" });
    const note = new gr.State<string>("");
    const go = new gr.Button("Go");
    go.click({
      fn: (value: string) => value,
      inputs: text,
      outputs: note,
      apiName: "remember",
      concurrencyLimit: null,
    });
    go.click({
      fn: (async (texts: string[], notes: string[], context: gr.EventContext) => {
        log.batches.push([...texts]);
        try {
          void context.request.username;
        } catch (error) {
          log.batchRequestError = (error as Error).message;
        }
        await new Promise((resolve) => setTimeout(resolve, 400));
        return [
          texts.map(
            (t, i) =>
              `${t} for ${context.requests[i]!.username} (${notes[i]}) ${JSON.stringify(context.eventDataOfItems[i])}`,
          ),
        ];
      }) as never,
      inputs: [text, note],
      outputs: out,
      apiName: "batched",
      batch: true,
      maxBatchSize: 4,
      concurrencyLimit: 1,
    });
    go.click({
      fn: async (value: string, context: gr.EventContext) => {
        if (value === "hold") await new Promise<void>((resolve) => (release = resolve));
        const { headers, query, username, clientIp } = context.request;
        return JSON.stringify({ headers, query, username, clientIp });
      },
      inputs: text,
      outputs: out,
      apiName: "whoami",
      concurrencyLimit: 1,
    });
  });
  return { demo, release: () => release() };
}

async function login(url: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${url}/login`, { method: "POST", body: new URLSearchParams({ username, password }) });
  assert.equal(response.status, 200, `login of ${username}`);
  return (response.headers.get("set-cookie") ?? "").split(";")[0]!;
}

async function join(
  url: string,
  cookie: string,
  session: string,
  apiName: string,
  data: unknown[],
  extra: Record<string, string> = {},
  query = "",
  eventData: unknown = null,
): Promise<number> {
  const response = await fetch(`${url}/gradio_api/queue/join${query}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, ...extra },
    body: JSON.stringify({ data, fn_index: FN[apiName], session_hash: session, event_data: eventData }),
  });
  await response.text();
  return response.status;
}

async function completed(url: string, cookie: string, session: string): Promise<Message> {
  const text = await (
    await fetch(`${url}/gradio_api/queue/data?session_hash=${session}`, { headers: { cookie } })
  ).text();
  const messages = text
    .split("\n\n")
    .filter((frame) => frame.startsWith("data: "))
    .map((frame) => JSON.parse(frame.slice(6)) as Message);
  const done = messages.find((m) => m.msg === "process_completed");
  assert.ok(done, `no completion in ${text}`);
  return done;
}

const FN: Record<string, number> = { remember: 0, batched: 1, whoami: 2 };

/** Every value Redis holds under the app's prefix, as raw text, whatever the key's type. */
async function dumpRedis(url: string, prefix: string): Promise<string> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  try {
    const parts: string[] = [];
    for (const key of await client.keys(`${prefix}*`)) {
      const type = await client.type(key);
      if (type === "string") parts.push(String(await client.get(key)));
      else if (type === "hash") parts.push(JSON.stringify(await client.hgetall(key)));
      else if (type === "set") parts.push(JSON.stringify(await client.smembers(key)));
      else if (type === "zset") parts.push(JSON.stringify(await client.zrange(key, 0, -1)));
      else if (type === "list") parts.push(JSON.stringify(await client.lrange(key, 0, -1)));
      else if (type === "stream") parts.push(JSON.stringify(await client.xrange(key, "-", "+")));
      parts.push(key);
    }
    return parts.join("\n");
  } finally {
    client.disconnect();
  }
}

const redisReady = ensureRedis();
let redis: TestRedis | null = null;
before(async () => {
  if (redisReady) redis = await startRedis();
});
after(async () => redis?.stop());

for (const backend of ["memory", "redis"] as const) {
  describe(
    `caller identity: ${backend}`,
    { skip: backend === "redis" && !redisReady ? "redis-server is not installed" : false },
    () => {
      const log = { batches: [] as string[][], batchRequestError: null as string | null };
      const app = identityApp(log);
      const prefix = `identity-${Math.random().toString(36).slice(2)}`;
      let server: TestServer;
      let cookies: Record<string, string> = {};

      before(async () => {
        const shared = backend === "redis" ? { redisUrl: redis!.url, redisKeyPrefix: prefix } : {};
        server = await startServer(app.demo, { auth: USERS, ...shared });
        cookies = Object.fromEntries(
          await Promise.all(USERS.map(async ([user, pw]) => [user, await login(server.url, user, pw)] as const)),
        );
      });
      after(async () => {
        app.release();
        await server?.close();
      });

      test(
        "R2-05: a batch fn answers each caller as themselves, with their own State, never the first caller's",
        { timeout: 30_000 },
        async () => {
          const { url } = server;
          const run = Math.random().toString(36).slice(2, 8);
          const session = (user: string) => `${user}-${run}`;
          for (const user of ["alice", "bob"]) {
            assert.equal(await join(url, cookies[user]!, session(user), "remember", [`${user}'s private note`]), 200);
            assert.equal((await completed(url, cookies[user]!, session(user))).success, true);
          }
          // A warm-up call holds the batch fn, so Alice's and Bob's calls wait together and run as one call.
          assert.equal(await join(url, cookies.alice!, `warm-${run}`, "batched", ["warm"]), 200);
          await new Promise((resolve) => setTimeout(resolve, 100));
          assert.equal(await join(url, cookies.alice!, session("alice"), "batched", ["hi"], {}, "", { index: 1 }), 200);
          assert.equal(await join(url, cookies.bob!, session("bob"), "batched", ["hi"], {}, "", { index: 2 }), 200);
          const [forAlice, forBob] = await Promise.all(
            ["alice", "bob"].map((user) => completed(url, cookies[user]!, session(user))),
          );
          await completed(url, cookies.alice!, `warm-${run}`);
          assert.ok(
            log.batches.some((list) => list.filter((t) => t === "hi").length === 2),
            `Alice and Bob ran in one call: ${JSON.stringify(log.batches)}`,
          );
          assert.deepEqual(forAlice!.output?.data, [`hi for alice (alice's private note) {"index":1}`]);
          assert.deepEqual(forBob!.output?.data, [`hi for bob (bob's private note) {"index":2}`]);
          // Reading `context.request` in a batch fn is a clear error, never one caller's identity for all.
          assert.match(log.batchRequestError ?? "", /context\.requests\[i\]/);
          // The server still serves others afterwards.
          assert.equal(await join(url, cookies.bob!, `after-${run}`, "remember", ["x"]), 200);
          assert.equal((await completed(url, cookies.bob!, `after-${run}`)).success, true);
        },
      );

      test(
        "R2-13: a waiting job keeps no credentials; the fn still sees who called, without them",
        { timeout: 30_000 },
        async () => {
          const { url } = server;
          const run = Math.random().toString(36).slice(2, 8);
          const cookie = cookies.alice!;
          const headers = { ...SECRET_HEADERS, "x-demo": "visible" };
          assert.equal(await join(url, cookie, `hold-${run}`, "whoami", ["hold"], headers), 200);
          await new Promise((resolve) => setTimeout(resolve, 200));
          assert.equal(
            await join(
              url,
              cookie,
              `wait-${run}`,
              "whoami",
              ["waiting"],
              headers,
              "?api_token=query-secret-3e9f&lang=en",
            ),
            200,
          );
          const secrets = [cookie.split("=")[1]!, ...Object.values(SECRET_HEADERS), "query-secret-3e9f"];
          if (backend === "redis") {
            await new Promise((resolve) => setTimeout(resolve, 200));
            const stored = await dumpRedis(redis!.url, prefix);
            assert.match(stored, /username\\?":\\?"alice/, "the waiting job is stored with its caller");
            for (const secret of secrets) assert.ok(!stored.includes(secret), `Redis holds a credential: ${secret}`);
          }
          app.release();
          const [held, waited] = await Promise.all([
            completed(url, cookie, `hold-${run}`),
            completed(url, cookie, `wait-${run}`),
          ]);
          for (const done of [held, waited]) {
            assert.equal(done.success, true, JSON.stringify(done));
            const seen = JSON.parse((done.output!.data as [string])[0]) as {
              headers: Record<string, string>;
              query: Record<string, string>;
              username: string;
              clientIp: string;
            };
            assert.equal(seen.username, "alice");
            assert.equal(seen.clientIp, "127.0.0.1");
            assert.equal(seen.headers["x-demo"], "visible");
            for (const name of ["cookie", ...Object.keys(SECRET_HEADERS)])
              assert.equal(seen.headers[name], undefined, `the fn sees ${name}`);
            for (const secret of secrets)
              assert.ok(!JSON.stringify(seen).includes(secret), `the fn sees a credential: ${secret}`);
          }
          const query = (JSON.parse((waited.output!.data as [string])[0]) as { query: Record<string, string> }).query;
          assert.deepEqual(query, { lang: "en" });
        },
      );
    },
  );
}
