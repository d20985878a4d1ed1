// Roles per endpoint (A06) and request rate limits (R01) on a real server.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Client } from "@gradio/client";
import * as gr from "gradio-ts";
import { startServer, type TestServer } from "./helpers/server.js";

function rolesApp() {
  return new gr.Blocks({ title: "roles" }, () => {
    const input = new gr.Textbox({ label: "In" });
    const output = new gr.Textbox({ label: "Out" });
    const go = new gr.Button("Go");
    go.click({
      fn: function echo(s: string) {
        return s;
      },
      inputs: input,
      outputs: output,
      apiName: "echo",
    });
    go.click({
      fn: function wipe(s: string) {
        return `wiped ${s}`;
      },
      inputs: input,
      outputs: output,
      apiName: "wipe",
      roles: ["admin"],
    });
  });
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields);
async function login(url: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${url}/login`, { method: "POST", body: form({ username, password }) });
  assert.equal(response.status, 200);
  return (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}
const json = (cookie: string) => ({ "content-type": "application/json", cookie });

describe("roles per endpoint (A06)", () => {
  let server: TestServer;
  let alice: string;
  let bob: string;
  before(async () => {
    server = await startServer(rolesApp(), {
      auth: [
        ["alice", "pw"],
        ["bob", "pw", ["admin"]],
      ],
    });
    alice = await login(server.url, "alice", "pw");
    bob = await login(server.url, "bob", "pw");
  });
  after(async () => server.close());

  test("a user without the role does not see the endpoint in /config or /gradio_api/info", async () => {
    const config = (await (await fetch(`${server.url}/config`, { headers: { cookie: alice } })).json()) as {
      dependencies: { api_name: string; id: number }[];
    };
    assert.deepEqual(
      config.dependencies.map((d) => d.api_name),
      ["echo"],
    );
    const info = (await (
      await fetch(`${server.url}/gradio_api/info?all_endpoints=true`, { headers: { cookie: alice } })
    ).json()) as { named_endpoints: object };
    assert.deepEqual(Object.keys(info.named_endpoints), ["/echo"]);
    const adminConfig = (await (await fetch(`${server.url}/config`, { headers: { cookie: bob } })).json()) as {
      dependencies: { api_name: string; id: number }[];
    };
    assert.deepEqual(
      adminConfig.dependencies.map((d) => [d.api_name, d.id]),
      [
        ["echo", 0],
        ["wipe", 1],
      ],
    );
    const adminInfo = (await (await fetch(`${server.url}/gradio_api/info`, { headers: { cookie: bob } })).json()) as {
      named_endpoints: object;
    };
    assert.deepEqual(Object.keys(adminInfo.named_endpoints), ["/echo", "/wipe"]);
  });

  test("calling it anyway, by fn_index or by name, is refused with 403 before it runs", async () => {
    const byIndex = await fetch(`${server.url}/gradio_api/queue/join`, {
      method: "POST",
      headers: json(alice),
      body: JSON.stringify({ data: ["x"], fn_index: 1, session_hash: "a1" }),
    });
    assert.equal(byIndex.status, 403);
    assert.deepEqual(await byIndex.json(), { detail: "You do not have permission to call this endpoint." });
    for (const name of ["wipe", "wipe/"]) {
      const byName = await fetch(`${server.url}/gradio_api/call/${name}`, {
        method: "POST",
        headers: json(alice),
        body: JSON.stringify({ data: ["x"] }),
      });
      assert.equal(byName.status, 403, name);
    }
    assert.equal(
      (
        await fetch(`${server.url}/gradio_api/queue/join`, {
          method: "POST",
          headers: json(alice),
          body: JSON.stringify({ data: ["x"], fn_index: 0, session_hash: "a2" }),
        })
      ).status,
      200,
    );
  });

  test("the admin may call it, through the official client too", async () => {
    const byName = await fetch(`${server.url}/gradio_api/call/wipe`, {
      method: "POST",
      headers: json(bob),
      body: JSON.stringify({ data: ["x"] }),
    });
    assert.equal(byName.status, 200);
    const client = await Client.connect(server.url, { auth: ["bob", "pw"] });
    assert.deepEqual((await client.predict("/wipe", { s: "db" })).data, ["wiped db"]);
    client.close();
    const plain = await Client.connect(server.url, { auth: ["alice", "pw"] });
    await assert.rejects(plain.predict("/wipe", { s: "db" }));
    plain.close();
  });

  test("without auth, an endpoint with roles is refused to everyone", async () => {
    const open = await startServer(rolesApp());
    try {
      const response = await fetch(`${open.url}/gradio_api/call/wipe`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ data: ["x"] }),
      });
      assert.equal(response.status, 403);
      assert.equal(
        (
          await fetch(`${open.url}/gradio_api/call/echo`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ data: ["x"] }),
          })
        ).status,
        200,
      );
    } finally {
      await open.close();
    }
  });
});

describe("rate limits (R01)", () => {
  test("each user gets max requests per window on join, call and upload; then 429 with Retry-After; others are still served", async () => {
    const server = await startServer(rolesApp(), {
      auth: [
        ["alice", "pw"],
        ["carol", "pw"],
      ],
      rateLimit: { max: 5, windowSeconds: 60 },
    });
    try {
      const alice = await login(server.url, "alice", "pw");
      const carol = await login(server.url, "carol", "pw");
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const response = await fetch(`${server.url}/gradio_api/queue/join`, {
          method: "POST",
          headers: json(alice),
          body: JSON.stringify({ data: ["x"], fn_index: 0, session_hash: `r${i}` }),
        });
        statuses.push(response.status);
        if (response.status === 429) {
          assert.ok(Number(response.headers.get("retry-after")) >= 1);
          assert.match(
            ((await response.json()) as { detail: string }).detail,
            /Too many requests: retry in \d+ seconds?\./,
          );
        }
      }
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429, 429]);
      // The call and upload routes share the user's budget.
      assert.equal(
        (
          await fetch(`${server.url}/gradio_api/call/echo`, {
            method: "POST",
            headers: json(alice),
            body: JSON.stringify({ data: ["x"] }),
          })
        ).status,
        429,
      );
      assert.equal(
        (
          await fetch(`${server.url}/gradio_api/upload`, {
            method: "POST",
            headers: { cookie: alice },
            body: new FormData(),
          })
        ).status,
        429,
      );
      // Reading config is not limited, and another user is served.
      assert.equal((await fetch(`${server.url}/config`, { headers: { cookie: alice } })).status, 200);
      assert.equal(
        (
          await fetch(`${server.url}/gradio_api/call/echo`, {
            method: "POST",
            headers: json(carol),
            body: JSON.stringify({ data: ["x"] }),
          })
        ).status,
        200,
      );
    } finally {
      await server.close();
    }
  });

  test("anonymous callers are limited per IP; a bad rateLimit option stops the launch", async () => {
    const server = await startServer(rolesApp(), { rateLimit: { max: 2, windowSeconds: 60 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++)
        statuses.push(
          (
            await fetch(`${server.url}/gradio_api/call/echo`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ data: ["x"] }),
            })
          ).status,
        );
      assert.deepEqual(statuses, [200, 200, 429]);
    } finally {
      await server.close();
    }
    await assert.rejects(
      rolesApp().launch({ serverPort: 0, quiet: true, logLevel: "silent", rateLimit: { max: 0, windowSeconds: 1 } }),
      /rateLimit/,
    );
  });
});
