/**
 * gr.render through gradio-ts's own client: a render job yields a "render" event before its data, and
 * the client's config then holds what the render built, so its events can be called like any other.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { renderBoxes } from "./fixtures/render-boxes.js";
import { Client, Job, type JobEvent, type RenderConfig } from "../src/client/index.js";
import * as messages from "../src/protocol/messages.js";
import { startServer, type TestServer } from "./helpers/server.js";

describe("Job: render results", () => {
  const renderConfig: RenderConfig = {
    render_id: 0,
    components: [
      { id: 5, type: "column", props: {}, skip_api: true, component_class_id: "column", key: null, renderable: 0 },
    ],
    dependencies: [],
    layout: { id: 5, children: [] },
    page: { "": { layout: { id: 0, children: [] }, components: [5], dependencies: [] } },
  };

  test("a completed render emits its render event first, after the hook has seen it", async () => {
    const seen: string[] = [];
    const job = new Job(
      "7",
      7,
      () => true,
      async () => undefined,
      (config) => seen.push(`hook ${config.render_id}`),
    );
    job.handle(messages.processCompleted("e", messages.outputPayload([null], false, null, null, renderConfig)));
    for await (const event of job) seen.push(event.type === "status" ? `status ${event.stage}` : event.type);
    assert.deepEqual(seen, ["hook 0", "render", "data", "status complete"]);
    assert.deepEqual((await job.result).data, [null]);
  });

  test("an output without render_config emits no render event", async () => {
    const job = new Job(
      "7",
      7,
      () => true,
      async () => undefined,
      () => assert.fail("no render expected"),
    );
    job.handle(messages.processCompleted("e", messages.outputPayload([1], false, null, null)));
    const types: string[] = [];
    for await (const event of job) types.push(event.type);
    assert.deepEqual(types, ["data", "status"]);
  });
});

describe("Client against a gr.render app", () => {
  let server: TestServer;

  before(async () => {
    const demo = new gr.Blocks({}, () => {
      renderBoxes();
    });
    server = await startServer(demo, { serverName: "127.0.0.1" });
  });

  after(() => server?.close());

  test("a render job yields a render event, and the rendered event is then callable by fn_index", async () => {
    const client = await Client.connect(server.url, { fetchApiInfo: false });
    try {
      const renderDependency = client.config.dependencies.find((d) => typeof d.render_id === "number");
      assert.ok(renderDependency, "the config lists the render fn's dependency");
      const container = renderDependency.outputs[0]!;

      const events: JobEvent[] = [];
      for await (const event of client.submit(renderDependency.id, [3])) events.push(event);
      const types = events.map((event) => event.type);
      const render = events.find((event) => event.type === "render");
      assert.ok(render, `a render event among ${types.join(", ")}`);
      assert.ok(types.indexOf("render") < types.indexOf("data"), "render comes before the data");
      assert.equal(render.fnIndex, renderDependency.id);
      assert.equal(render.renderConfig.render_id, renderDependency.render_id);
      assert.equal(render.renderConfig.components[0]?.id, container);
      assert.equal(render.renderConfig.layout.id, container);
      assert.equal(render.renderConfig.dependencies.length, 3);

      const rendered = client.config.dependencies.filter((d) => d.rendered_in === renderDependency.render_id);
      assert.deepEqual(rendered.map((d) => d.api_name).sort(), ["up0", "up1", "up2"]);
      const up2 = client.dependency("up2");
      const box2 = up2.inputs[0]!;
      assert.equal(client.config.components.find((c) => c.id === box2)?.props.label, "box 2");
      assert.deepEqual((await client.predict(up2.id, ["quiet"])).data, ["QUIET"]);

      // Rendering again with fewer boxes: what the render built before leaves the config.
      await client.predict(renderDependency.id, [1]);
      assert.deepEqual(
        client.config.dependencies.filter((d) => d.rendered_in === renderDependency.render_id).map((d) => d.api_name),
        ["up0"],
      );
      assert.equal(client.config.components.filter((c) => c.id === container).length, 1);
      assert.equal(
        client.config.components.some((c) => c.id === box2),
        false,
      );
      assert.equal(client.config.components.filter((c) => c.props.label === "box 0").length, 1);
      assert.deepEqual((await client.predict("up0", ["again"])).data, ["AGAIN"]);
    } finally {
      client.close();
    }
  });
});
