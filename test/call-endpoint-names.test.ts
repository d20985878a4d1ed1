// Callers reach an event by its API name: public and undocumented names answer, private and unknown ones are a 404;
// and asking again gives the same answer.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { postJson, startServer, type TestServer } from "./helpers/server.js";

describe("REST calls by API name", () => {
  let server: TestServer;

  before(async () => {
    const demo = new gr.Blocks({}, () => {
      const box = new gr.Textbox();
      const button = new gr.Button();
      button.click({ fn: (text: string) => `greet ${text}`, inputs: box, outputs: box, apiName: "greet" });
      button.click({
        fn: (text: string) => `quiet ${text}`,
        inputs: box,
        outputs: box,
        apiName: "quiet",
        showApi: false,
      });
      button.click({
        fn: (text: string) => `hidden ${text}`,
        inputs: box,
        outputs: box,
        apiName: "hidden",
        apiVisibility: "private",
      });
    });
    server = await startServer(demo);
  });

  after(async () => server.close());

  const run = (name: string) => postJson(`${server.url}/gradio_api/run/${name}`, { data: ["Ada"] });

  test("public and undocumented names answer with their own event's output", async () => {
    for (const [name, expected] of [
      ["greet", "greet Ada"],
      ["quiet", "quiet Ada"],
    ] as const) {
      const response = await run(name);
      assert.equal(response.status, 200, name);
      assert.deepEqual((response.body as { data: unknown[] }).data, [expected]);
    }
    const call = await postJson(`${server.url}/gradio_api/call/greet`, { data: ["Ada"] });
    assert.equal(call.status, 200);
    assert.match((call.body as { event_id: string }).event_id, /^[0-9a-f]{32}$/);
  });

  test("private and unknown names are a 404 naming the endpoint", async () => {
    for (const name of ["hidden", "nope", "hidden"]) {
      const response = await run(name);
      assert.equal(response.status, 404, name);
      assert.match(JSON.stringify(response.body), new RegExp(`no API endpoint named \\\\"/${name}\\\\"`));
    }
  });
});
