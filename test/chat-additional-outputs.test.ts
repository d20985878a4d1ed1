// ChatInterface `additionalOutputs`: the fn returns or yields `[reply, ...values]` and the values go to those
// components, through the API endpoint (as gradio_client sees it in Gradio 6) and the page's events.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { postJson, readSse, startServer, type TestServer } from "./helpers/server.js";

type Json = Record<string, unknown>;
interface Config {
  components: { id: number; type: string; props: Json }[];
  dependencies: { id: number; targets: [number, string][]; outputs: number[]; api_name: string | null }[];
}

async function run(url: string, body: Json, session: string): Promise<unknown[][]> {
  await postJson(`${url}/gradio_api/queue/join`, { ...body, session_hash: session });
  const messages = (await readSse(await fetch(`${url}/gradio_api/queue/data?session_hash=${session}`))) as {
    msg: string;
    output?: { data: unknown[] };
  }[];
  return messages
    .filter((m) => m.msg === "process_generating" || m.msg === "process_completed")
    .map((m) => m.output!.data);
}

describe("ChatInterface additionalOutputs", () => {
  let server: TestServer;
  let streaming: TestServer;

  before(async () => {
    server = await startServer(
      new gr.ChatInterface({
        fn: function chat(message: unknown) {
          if (String(message).includes("python"))
            return ["Here it is.", gr.update({ language: "python", value: "x = 1" }), 5];
          return "Ask about Python.";
        },
        additionalOutputs: [new gr.Code({ label: "Code" }), new gr.Number({ label: "Count" })],
      }),
    );
    streaming = await startServer(
      new gr.ChatInterface({
        fn: async function* steps(message: unknown) {
          for (let i = 1; i <= 3; i++) yield [`${String(message)} ${i}`, i];
        },
        additionalOutputs: [new gr.Number({ label: "Step" })],
      }),
    );
  });
  after(async () => {
    await server.close();
    await streaming.close();
  });

  test("the components are placed below the chat and are outputs of the chat's events", async () => {
    const config = (await (await fetch(`${server.url}/config`)).json()) as Config;
    const code = config.components.find((c) => c.type === "code")!;
    const count = config.components.find((c) => c.type === "number")!;
    const chat = config.dependencies.find((d) => d.api_name === "chat")!;
    assert.deepEqual(chat.outputs.slice(-2), [code.id, count.id]);
    const respond = config.dependencies.find((d) => d.targets.some(([, event]) => event === "submit"))!;
    assert.deepEqual(respond.outputs.slice(-2), [code.id, count.id]);
  });

  test("the API endpoint returns the reply and the values; the API info lists them, as Gradio 6 does", async () => {
    const info = (await (await fetch(`${server.url}/gradio_api/info`)).json()) as {
      named_endpoints: Record<string, { returns: { component: string; label: string }[] }>;
    };
    // Gradio 6: the reply, then one return per additional output (the history State is not listed).
    const returns = info.named_endpoints["/chat"]!.returns;
    assert.equal(returns.length, 3);
    assert.deepEqual(
      returns.slice(1).map((r) => [r.component, r.label]),
      [
        ["Code", "Code"],
        ["Number", "Count"],
      ],
    );
    const config = (await (await fetch(`${server.url}/config`)).json()) as Config;
    const chat = config.dependencies.find((d) => d.api_name === "chat")!;
    const outputs = await run(server.url, { data: ["some python please", null], fn_index: chat.id }, "api1");
    const last = outputs.at(-1)!;
    assert.equal(last[0], "Here it is.");
    assert.deepEqual(last.slice(2), [{ language: "python", value: "x = 1", __type__: "update" }, 5]);
    // A bare reply leaves the other outputs as they are.
    const bare = (await run(server.url, { data: ["hi", null], fn_index: chat.id }, "api2")).at(-1)!;
    assert.equal(bare[0], "Ask about Python.");
    assert.deepEqual(bare.slice(2), [{ __type__: "update" }, { __type__: "update" }]);
  });

  test("a generator's yields stream the reply and the values into the page's outputs", async () => {
    const config = (await (await fetch(`${streaming.url}/config`)).json()) as Config;
    const respond = config.dependencies.find((d) => d.targets.some(([, event]) => event === "submit"))!;
    const outputs = await run(streaming.url, { data: ["go", []], fn_index: respond.id }, "page1");
    // The stream sends each step (as diffs of the previous one), then the final values.
    assert.ok(outputs.length >= 4, `a message per step, got ${outputs.length}`);
    const final = outputs.at(-1)!;
    assert.equal(final[2], 3);
    const texts = (final[1] as { content: { text: string }[] }[]).map((m) => m.content.map((p) => p.text).join(""));
    assert.deepEqual(texts, ["go", "go 3"]);
    // Retry runs the fn again: the values go to the same outputs.
    const retry = config.dependencies.find((d) => d.targets.some(([, event]) => event === "retry"))!;
    const retried = await run(streaming.url, { data: [final[1]], fn_index: retry.id }, "page2");
    assert.equal(retried.at(-1)![1], 3);
  });
});
