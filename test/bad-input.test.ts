// Bad requests get a 4xx with a message a person understands, and the server keeps serving.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { postJson, startServer, type TestServer } from "./helpers/server.js";

describe("refusals", () => {
  let server: TestServer;
  let join: string;

  before(async () => {
    const demo = new gr.Interface({
      fn: function greet(name: string, times: number, color: string | number | (string | number)[], amount: number) {
        return `${name} ${times} ${String(color)} ${amount}`;
      },
      inputs: [
        new gr.Textbox({ label: "Name", maxLength: 100 }),
        new gr.Slider({ minimum: 1, maximum: 5, label: "Times" }),
        new gr.Dropdown({ choices: ["red", "green"], label: "Color" }),
        new gr.Number({ label: "Amount" }),
      ],
      outputs: "text",
    });
    server = await startServer(demo, { maxBodySize: "64kb" });
    join = `${server.url}/gradio_api/queue/join`;
  });

  after(async () => server.close());

  const valid = { data: ["Ada", 2, "red", 1], fn_index: 0, session_hash: "s1" };

  async function assertStillServing() {
    const response = await postJson(join, valid);
    assert.equal(response.status, 200);
    assert.match((response.body as { event_id: string }).event_id, /^[0-9a-f]{32}$/);
  }

  test("malformed JSON is a 400 that says so", async () => {
    const response = await fetch(join, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"data": [',
    });
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { detail: "The request body is not valid JSON." });
    await assertStillServing();
  });

  test("a missing field is a 422 naming it", async () => {
    const response = await postJson(join, { fn_index: 0, session_hash: "s" });
    assert.equal(response.status, 422);
    assert.deepEqual(response.body, { detail: [{ type: "missing", loc: ["body", "data"], msg: "Field required" }] });
  });

  test("wrong types in the body are a 422", async () => {
    const response = await postJson(join, { data: "not a list", fn_index: "zero", session_hash: "s" });
    assert.equal(response.status, 422);
    await assertStillServing();
  });

  test("an unknown fn_index or api name is a 404 naming it", async () => {
    const byIndex = await postJson(join, { ...valid, fn_index: 99 });
    assert.equal(byIndex.status, 404);
    assert.deepEqual(byIndex.body, { detail: "There is no function with fn_index 99." });
    const byName = await postJson(`${server.url}/gradio_api/call/nope`, { data: [] });
    assert.equal(byName.status, 404);
    assert.deepEqual(byName.body, { detail: 'There is no API endpoint named "/nope".' });
    await assertStillServing();
  });

  test("a fn_index of a dependency without a fn (the Clear button) is refused", async () => {
    const config = (await (await fetch(`${server.url}/config`)).json()) as {
      dependencies: { id: number; backend_fn: boolean }[];
    };
    const frontendOnly = config.dependencies.find((d) => !d.backend_fn)!;
    const response = await postJson(join, { ...valid, fn_index: frontendOnly.id });
    assert.equal(response.status, 404);
  });

  test("the wrong number of inputs is a 400 listing them", async () => {
    const response = await postJson(join, { ...valid, data: ["Ada"] });
    assert.equal(response.status, 400);
    assert.deepEqual(response.body, { detail: "/greet takes 4 inputs (Name, Times, Color, Amount), but 1 was given." });
  });

  test("missing session hash and fn_index get Gradio's messages", async () => {
    assert.deepEqual(await postJson(join, { data: valid.data, fn_index: 0 }), {
      status: 400,
      body: { detail: "Session hash not found." },
    });
    assert.deepEqual(await postJson(join, { data: valid.data, session_hash: "s" }), {
      status: 400,
      body: { detail: "No function index provided." },
    });
  });

  const invalid: [string, unknown[], string][] = [
    ["an out-of-range slider", ["Ada", 7, "red", 1], "Times: 7 is above the maximum 5"],
    [
      "an unknown dropdown choice",
      ["Ada", 2, "purple", 1],
      'Color: "purple" is not one of the choices ("red", "green")',
    ],
    ["text where a number belongs", ["Ada", "many", "red", 1], 'Times: expected a finite number, got "many"'],
    ["a too-long text", ["x".repeat(101), 2, "red", 1], "Name: text is 101 characters long; the limit is 100"],
    ["an object where text belongs", [{ path: "/etc/passwd" }, 2, "red", 1], "Name: expected text, got an object"],
  ];
  for (const [what, data, message] of invalid) {
    test(`${what} is a 422 in Gradio's validation format, naming the input`, async () => {
      const response = await postJson(join, { ...valid, data });
      assert.equal(response.status, 422);
      const detail = (response.body as { detail: { is_valid: boolean; message: string; parameter_name?: string }[] })
        .detail;
      assert.equal(detail.length, 4);
      const failed = detail.filter((d) => !d.is_valid);
      assert.deepEqual(
        failed.map((d) => d.message),
        [message],
      );
      await assertStillServing();
    });
  }

  test("NaN and Infinity cannot be smuggled in as numbers", async () => {
    const response = await fetch(join, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"data":["Ada",2,"red",NaN],"fn_index":0,"session_hash":"s"}',
    });
    assert.equal(response.status, 400);
    const asString = await postJson(join, { ...valid, data: ["Ada", 2, "red", "Infinity"] });
    assert.equal(asString.status, 422);
  });

  test("an oversized body is a 413", async () => {
    const response = await postJson(join, { ...valid, data: ["x".repeat(100_000), 2, "red", 1] });
    assert.equal(response.status, 413);
    assert.deepEqual(response.body, { detail: "The request body is too large." });
    await assertStillServing();
  });

  test("deeply nested JSON is refused without a 500", async () => {
    const deep = "[".repeat(5000) + "]".repeat(5000);
    const response = await fetch(join, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"data":${deep},"fn_index":0,"session_hash":"s"}`,
    });
    assert.ok(response.status >= 400 && response.status < 500, `status ${response.status}`);
    await assertStillServing();
  });

  test("a non-JSON content type is refused", async () => {
    const response = await fetch(join, { method: "POST", headers: { "content-type": "text/plain" }, body: "hello" });
    assert.equal(response.status, 415);
    await assertStillServing();
  });

  test("queue/data without a session hash is a 422; an unknown session gets Gradio's in-band error", async () => {
    assert.equal((await fetch(`${server.url}/gradio_api/queue/data`)).status, 422);
    const response = await fetch(`${server.url}/gradio_api/queue/data?session_hash=never-joined`);
    assert.equal(response.status, 200);
    assert.equal(
      await response.text(),
      'data: {"msg":"unexpected_error","event_id":null,"message":"404: Not Found","session_not_found":true,"success":false}\n\n',
    );
  });

  test("unknown routes are a 404 with a JSON detail, without paths or stack traces", async () => {
    const response = await fetch(`${server.url}/gradio_api/nothing-here`);
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { detail: "Not Found" });
  });
});
