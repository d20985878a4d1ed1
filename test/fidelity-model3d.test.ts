// Model3D's config against Python Gradio 6: the same two viewers (defaults, and every viewer option set)
// must carry the same props, so the page and Gradio's clients read them alike.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { lastJsonLine, pythonWithGradio6, runPythonScript } from "./api-python.js";
import { startServer, type TestServer } from "./helpers/server.js";

const SKIP = "*** Python Gradio 6 is unavailable (no PyPI?): Model3D's props are not compared ***";

const PYTHON = `
import gradio as gr, json
with gr.Blocks() as demo:
    gr.Model3D()
    gr.Model3D(display_mode="wireframe", height=300, clear_color=(1, 0, 0, 1), camera_position=(90, None, 5),
               zoom_speed=2, pan_speed=0.5, interactive=False, label="Viewer")
config = demo.get_config_file()
print(json.dumps([c["props"] for c in config["components"] if c["type"] == "model3d"]))
`;

type Props = Record<string, unknown>;

describe("Model3D, compared with Python Gradio 6", () => {
  let ours: TestServer;
  let mine: Props[];
  before(async () => {
    const demo = new gr.Blocks({}, () => {
      new gr.Model3D();
      new gr.Model3D({
        displayMode: "wireframe",
        height: 300,
        clearColor: [1, 0, 0, 1],
        cameraPosition: [90, null, 5],
        zoomSpeed: 2,
        panSpeed: 0.5,
        interactive: false,
        label: "Viewer",
      });
    });
    ours = await startServer(demo);
    const config = (await (await fetch(new URL("config", `${ours.url.replace(/\/?$/, "/")}`))).json()) as {
      components: { type: string; props: Props }[];
    };
    mine = config.components.filter((c) => c.type === "model3d").map((c) => c.props);
  });
  after(() => ours?.close());

  test("the viewer's props match, key for key", { timeout: 120_000 }, async (t) => {
    const python = await pythonWithGradio6();
    if (!python) return t.skip(SKIP);
    const theirs = lastJsonLine((await runPythonScript(python, PYTHON)).stdout) as Props[];
    const VIEWER_KEYS = ["display_mode", "clear_color", "camera_position", "zoom_speed", "pan_speed", "height"];
    for (const [index, props] of theirs.entries()) {
      for (const key of VIEWER_KEYS) assert.deepEqual(mine[index]![key], props[key], `viewer ${index}: ${key}`);
      // Gradio's Model3D has no file_count or file_types: its formats are its own.
      assert.equal("file_count" in mine[index]!, false);
      assert.equal("file_types" in mine[index]!, false);
      assert.equal(mine[index]!.interactive, props.interactive);
    }
  });
});
