// DNS rebinding: an app on loopback answers only to loopback names (and the ones it is told about).
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { allowedHostsFor, hostName, isAllowedHost } from "../src/security/host.js";
import { startServer, type TestServer } from "./helpers/server.js";

function getWithHost(
  url: string,
  path: string,
  host: string,
  method = "GET",
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, path, method, headers: { host, "content-type": "application/json" } },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end(method === "POST" ? JSON.stringify({ data: ["x"], fn_index: 0, session_hash: "rebind" }) : undefined);
  });
}

describe("Host header checks", () => {
  test("parse and match host names", () => {
    assert.equal(hostName("LocalHost:7860"), "localhost");
    assert.equal(hostName("[::1]:7860"), "::1");
    assert.equal(hostName("evil.example/x"), null);
    assert.equal(isAllowedHost("app.example.com", [".example.com"]), true);
    assert.equal(isAllowedHost("example.com", [".example.com"]), true);
    assert.equal(isAllowedHost("evilexample.com", [".example.com"]), false);
    assert.equal(isAllowedHost("localhost.evil.example", ["localhost"]), false);
  });
  test("which hosts an app answers to depends on where it listens", () => {
    assert.deepEqual(allowedHostsFor({ serverName: "127.0.0.1" }), ["localhost", "127.0.0.1", "::1"]);
    assert.equal(allowedHostsFor({ serverName: "0.0.0.0" }), null);
    assert.deepEqual(allowedHostsFor({ serverName: "127.0.0.1", rootPath: "https://demo.example/app" }), [
      "localhost",
      "127.0.0.1",
      "::1",
      "demo.example",
    ]);
    assert.equal(allowedHostsFor({ serverName: "127.0.0.1", allowedHosts: ["*"] }), null);
  });
});

describe("an app on loopback", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer(new gr.Interface({ fn: (x: string) => x, inputs: "text", outputs: "text" }), {
      allowedHosts: ["gradio.internal"],
    });
  });
  after(async () => server.close());

  test("answers to loopback names and the allowed ones", async () => {
    for (const host of ["127.0.0.1", "localhost:7860", "[::1]:7860", "gradio.internal"]) {
      assert.equal((await getWithHost(server.url, "/config", host)).status, 200, host);
    }
  });
  test("a forwarded host does not get a rebound name past the check", async () => {
    const { hostname, port } = new URL(server.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { hostname, port, path: "/config", headers: { host: "attacker.example", "x-forwarded-host": "localhost" } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end();
    });
    assert.equal(status, 403);
  });

  test("refuses a rebound hostile name on every route, reads and writes alike", async () => {
    for (const [path, method] of [
      ["/config", "GET"],
      ["/", "GET"],
      ["/gradio_api/queue/join", "POST"],
      ["/gradio_api/info", "GET"],
    ] as const) {
      const response = await getWithHost(server.url, path, "attacker.example:7860", method);
      assert.equal(response.status, 403, path);
      assert.match(response.body, /host name is not allowed/);
    }
  });
});
