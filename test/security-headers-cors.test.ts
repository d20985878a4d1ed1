// Browser protections and CORS/CSRF on a real server (H01, O01–O04).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { startServer, type TestServer } from "./helpers/server.js";

function echoApp() {
  return new gr.Blocks({ title: "headers" }, () => {
    const input = new gr.Textbox({ label: "In" });
    const output = new gr.Textbox({ label: "Out" });
    new gr.Button("Go").click({
      fn: function echo(s: string) {
        return s;
      },
      inputs: input,
      outputs: output,
      apiName: "echo",
    });
  });
}

const join = (url: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/gradio_api/queue/join`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ data: ["hi"], fn_index: 0, session_hash: "s1" }),
  });

describe("security headers (H01)", () => {
  let server: TestServer;
  before(async () => (server = await startServer(echoApp())));
  after(async () => server.close());

  test("the HTML page has a strict CSP, nosniff, a referrer policy and frame-ancestors, and no HSTS over HTTP", async () => {
    const response = await fetch(`${server.url}/`);
    assert.equal(response.status, 200);
    const csp = response.headers.get("content-security-policy") ?? "";
    const directives = Object.fromEntries(
      csp
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    assert.deepEqual(directives["script-src"], ["'self'"]);
    assert.ok(!csp.includes("unsafe-eval"));
    assert.deepEqual(directives["frame-ancestors"], ["'self'"]);
    assert.deepEqual(directives["object-src"], ["'none'"]);
    assert.equal(response.headers.get("x-content-type-options"), "nosniff");
    assert.equal(response.headers.get("referrer-policy"), "strict-origin-when-cross-origin");
    assert.equal(response.headers.get("x-frame-options"), "SAMEORIGIN");
    assert.equal(response.headers.get("strict-transport-security"), null);
    assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(await response.text()), "no inline script in the page");
  });

  test("API answers carry nosniff too, and file downloads keep their sandbox CSP", async () => {
    const config = await fetch(`${server.url}/config`);
    assert.equal(config.headers.get("x-content-type-options"), "nosniff");
    const upload = new FormData();
    upload.append("files", new Blob(["<script>alert(1)</script>"], { type: "text/html" }), "x.html");
    const [stored] = (await (
      await fetch(`${server.url}/gradio_api/upload`, { method: "POST", body: upload })
    ).json()) as string[];
    const file = await fetch(`${server.url}/gradio_api/file=${stored}`);
    assert.equal(file.status, 200);
    assert.equal(file.headers.get("content-security-policy"), "default-src 'none'; sandbox");
    assert.equal(file.headers.get("x-content-type-options"), "nosniff");
  });

  test("a REST call's answers carry the page's protective headers, the same on every request", async () => {
    const PROTECTIVE = [
      "content-security-policy",
      "cross-origin-opener-policy",
      "cross-origin-resource-policy",
      "origin-agent-cluster",
      "referrer-policy",
      "x-content-type-options",
      "x-dns-prefetch-control",
      "x-download-options",
      "x-frame-options",
      "x-permitted-cross-domain-policies",
      "x-xss-protection",
    ];
    const page = await fetch(`${server.url}/`);
    const expected = PROTECTIVE.map((name) => [name, page.headers.get(name)]);
    assert.ok(
      expected.every(([, value]) => value),
      JSON.stringify(expected),
    );
    for (let round = 0; round < 3; round++) {
      const call = await fetch(`${server.url}/gradio_api/call/echo`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ data: ["hi"] }),
      });
      assert.equal(call.status, 200);
      assert.deepEqual(
        PROTECTIVE.map((name) => [name, call.headers.get(name)]),
        expected,
      );
      assert.equal(call.headers.get("strict-transport-security"), null);
    }
  });
});

describe("frameAncestors option", () => {
  test("names who may embed the app, and drops X-Frame-Options", async () => {
    const server = await startServer(echoApp(), { frameAncestors: ["https://portal.example.com"] });
    try {
      const response = await fetch(`${server.url}/`);
      assert.match(
        response.headers.get("content-security-policy") ?? "",
        /frame-ancestors https:\/\/portal\.example\.com/,
      );
      assert.equal(response.headers.get("x-frame-options"), null);
    } finally {
      await server.close();
    }
  });

  test("a source that would inject CSP is refused at launch", async () => {
    await assert.rejects(
      echoApp().launch({
        serverPort: 0,
        quiet: true,
        logLevel: "silent",
        frameAncestors: ["https://a.example; script-src *"],
      }),
      /frameAncestors/,
    );
  });
});

describe("CORS and cross-site requests (O01–O04)", () => {
  let server: TestServer;
  before(async () => (server = await startServer(echoApp(), { allowedOrigins: ["https://trusted.example"] })));
  after(async () => server.close());

  test("Origin: null gets no grant, and cannot POST", async () => {
    const read = await fetch(`${server.url}/config`, { headers: { origin: "null" } });
    assert.equal(read.status, 200);
    assert.equal(read.headers.get("access-control-allow-origin"), null);
    const write = await join(server.url, { origin: "null" });
    assert.equal(write.status, 403);
    assert.deepEqual(await write.json(), { detail: "Cross-origin request refused." });
  });

  test("a foreign origin with cookies gets no grant, and its POSTs are refused before they run", async () => {
    for (const origin of [
      "http://evil.example",
      "http://localhost.evil.example",
      "http://127.0.0.1.evil.example",
      "https://trusted.example.evil.example",
    ]) {
      const read = await fetch(`${server.url}/config`, { headers: { origin, cookie: "a=b" } });
      assert.equal(read.headers.get("access-control-allow-origin"), null, origin);
      assert.equal(read.headers.get("access-control-allow-credentials"), null, origin);
      const write = await join(server.url, { origin });
      assert.equal(write.status, 403, origin);
      // A form post (no preflight, text/plain or urlencoded) is refused too.
      const form = await fetch(`${server.url}/gradio_api/upload`, {
        method: "POST",
        headers: { origin, "content-type": "application/x-www-form-urlencoded" },
        body: "a=b",
      });
      assert.equal(form.status, 403, origin);
    }
  });

  test("a browser's cross-site POST without Origin is refused (Sec-Fetch-Site)", async () => {
    const response = await join(server.url, { "sec-fetch-site": "cross-site" });
    assert.equal(response.status, 403);
  });

  test("same-origin and non-browser clients are served", async () => {
    const host = new URL(server.url).host;
    assert.equal((await join(server.url, { origin: `http://${host}` })).status, 200);
    assert.equal((await join(server.url)).status, 200);
  });

  test("preflight: allowed origin gets the grant the protocol describes; others get none", async () => {
    const ok = await fetch(`${server.url}/gradio_api/queue/join`, {
      method: "OPTIONS",
      headers: {
        origin: "https://trusted.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type, x-gradio-user",
      },
    });
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), "OK");
    assert.equal(ok.headers.get("access-control-allow-origin"), "https://trusted.example");
    assert.equal(ok.headers.get("access-control-allow-credentials"), "true");
    assert.equal(ok.headers.get("access-control-allow-methods"), "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
    assert.equal(ok.headers.get("access-control-allow-headers"), "content-type, x-gradio-user");
    assert.equal(ok.headers.get("access-control-max-age"), "600");
    assert.match(ok.headers.get("vary") ?? "", /Origin/);

    for (const origin of ["http://evil.example", "null", "http://localhost.evil.example"]) {
      const refused = await fetch(`${server.url}/gradio_api/queue/join`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST" },
      });
      assert.equal(refused.status, 403, origin);
      assert.equal(refused.headers.get("access-control-allow-origin"), null, origin);
    }
  });

  test("an allowed origin's simple requests get the echoed origin, credentials and Vary", async () => {
    const read = await fetch(`${server.url}/config`, { headers: { origin: "https://trusted.example" } });
    assert.equal(read.headers.get("access-control-allow-origin"), "https://trusted.example");
    assert.equal(read.headers.get("access-control-allow-credentials"), "true");
    assert.match(read.headers.get("vary") ?? "", /Origin/);
    assert.equal((await join(server.url, { origin: "https://trusted.example" })).status, 200);
  });

  test("invalid allowedOrigins stop the launch", async () => {
    await assert.rejects(
      echoApp().launch({ serverPort: 0, quiet: true, logLevel: "silent", allowedOrigins: ["*"] }),
      /allowedOrigins/,
    );
  });
});
