// Pure pieces of the protocol: diffs, message framing, root URLs, Python-style JSON.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { applyDiff, diff } from "../src/protocol/diff.js";
import { log } from "../src/protocol/messages.js";
import { sseFrame } from "../src/protocol/sse.js";
import { pythonJson } from "../src/server/python-json.js";
import { computeRootUrl } from "../src/server/root-url.js";

describe("generator diffs", () => {
  const cases: [string, unknown, unknown][] = [
    ["equal values", "abc", "abc"],
    ["string growth", "Hel", "Hello"],
    ["string rewrite", "Hello", "Help"],
    ["type change", "1", 1],
    ["list growth", [1, 2], [1, 2, 3, 4]],
    ["list shrink", [1, 2, 3, 4], [1]],
    ["nested objects", { a: { b: "x" }, c: 1 }, { a: { b: "xy" }, d: 2 }],
    [
      "chat history",
      [["hi", "he"]],
      [
        ["hi", "hello"],
        ["more", null],
      ],
    ],
    ["null to value", null, { path: "/x" }],
  ];
  for (const [name, before, after] of cases) {
    test(`${name}: applying the diff gives the new value`, () => {
      assert.deepEqual(applyDiff(before, diff(before, after)), after);
    });
  }

  test("matches Gradio's edit shapes", () => {
    assert.deepEqual(diff("H", "He"), [["append", [], "e"]]);
    assert.deepEqual(diff("same", "same"), []);
    assert.deepEqual(diff([1, 2, 3], [1]), [
      ["delete", [1], null],
      ["delete", [1], null],
    ]);
    assert.deepEqual(diff({ a: 1 }, { a: 1, b: 2 }), [["add", ["b"], 2]]);
  });
});

describe("SSE frames", () => {
  test("one line of JSON after `data: `, then a blank line, whatever the payload holds", () => {
    const frame = sseFrame(log("e1", "line one\nline two\r\n", "info"));
    assert.equal(
      frame,
      'data: {"msg":"log","event_id":"e1","log":"line one\\nline two\\r\\n","level":"info","duration":10,"visible":true,"title":"Info"}\n\n',
    );
  });
});

describe("Python-style JSON for the REST route", () => {
  test("spaces after separators and escaped non-ASCII", () => {
    assert.equal(pythonJson(["a", 1, { k: null, é: true }]), '["a", 1, {"k": null, "\\u00e9": true}]');
  });
});

describe("root URL", () => {
  const base = { protocol: "http", host: "127.0.0.1:7860", url: "/config", headers: {}, fromTrustedProxy: false };
  test("strips the route path and the query", () => {
    assert.equal(computeRootUrl({ ...base, url: "/config?x=1" }, "/config"), "http://127.0.0.1:7860");
    assert.equal(
      computeRootUrl({ ...base, url: "/app/gradio_api/queue/join" }, "/gradio_api/queue/join"),
      "http://127.0.0.1:7860/app",
    );
  });
  test("forwarded headers count only from a trusted proxy, and only when well-formed", () => {
    const headers = { "x-forwarded-host": "public.example, inner", "x-forwarded-proto": "https" };
    assert.equal(computeRootUrl({ ...base, headers }, "/config"), "http://127.0.0.1:7860");
    assert.equal(computeRootUrl({ ...base, headers, fromTrustedProxy: true }, "/config"), "https://public.example");
    assert.equal(
      computeRootUrl({ ...base, headers: { "x-forwarded-host": "evil/path?x" }, fromTrustedProxy: true }, "/config"),
      "http://127.0.0.1:7860",
    );
  });
  test("a configured root path or URL wins", () => {
    assert.equal(computeRootUrl(base, "/config", "https://demo.example/app/"), "https://demo.example/app");
    assert.equal(computeRootUrl(base, "/config", "/prefix"), "http://127.0.0.1:7860/prefix");
  });
  test("a malformed Host header is never echoed", () => {
    assert.equal(computeRootUrl({ ...base, host: "evil.example/<script>" }, "/config"), "http://localhost");
  });
});
