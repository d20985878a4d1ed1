// Interface, ChatInterface and TabbedInterface options against the real thing: the same app in Python
// Gradio 6 and in gradio-ts, and what these options put in /config and /gradio_api/info compared.
// Options proven here: article, description, submitBtn, clearBtn, showProgress, examplesPerPage and
// apiDescription of an Interface; additionalInputs, additionalInputsAccordion, description and apiName
// of a ChatInterface; tabNames of a TabbedInterface.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { pythonWithGradio6 } from "./api-python.js";
import { startServer, type TestServer } from "./helpers/server.js";

const PYTHON_APP = `
import gradio as gr, sys
def shout(text): return text.upper()
iface = gr.Interface(shout, "text", "text", article="An **article**", description="A description", submit_btn="Go",
                     clear_btn="Wipe", show_progress="minimal", examples=[["a"], ["b"], ["c"]], examples_per_page=2,
                     api_description="Shouts the text", flagging_mode="never")
def reply(message, history, tone): return f"{tone}: {message}"
chat = gr.ChatInterface(reply, additional_inputs=[gr.Textbox(label="tone")], additional_inputs_accordion="More",
                        description="Chat description", api_name="talk")
demo = gr.TabbedInterface([iface, chat], tab_names=["Shout", "Talk"])
demo.launch(server_name="127.0.0.1", server_port=int(sys.argv[1]))
`;

function tsApp(): gr.Blocks {
  const iface = new gr.Interface({
    fn: function shout(text: string) {
      return text.toUpperCase();
    },
    inputs: "text",
    outputs: "text",
    article: "An **article**",
    description: "A description",
    submitBtn: "Go",
    clearBtn: "Wipe",
    showProgress: "minimal",
    examples: [["a"], ["b"], ["c"]],
    examplesPerPage: 2,
    apiDescription: "Shouts the text",
    flaggingMode: "never",
  });
  const chat = new gr.ChatInterface({
    fn: (message, _history, tone) => `${String(tone)}: ${String(message)}`,
    additionalInputs: [new gr.Textbox({ label: "tone" })],
    additionalInputsAccordion: "More",
    description: "Chat description",
    apiName: "talk",
  });
  return new gr.TabbedInterface([iface, chat], { tabNames: ["Shout", "Talk"] });
}

type Json = Record<string, unknown>;
interface LayoutNode {
  id: number;
  children?: LayoutNode[];
}
interface Config {
  components: { id: number; type: string; props: Json }[];
  dependencies: Json[];
  layout: LayoutNode;
}

/** Ids of a block and of everything inside it. */
function idsWithin(node: LayoutNode): number[] {
  return [node.id, ...(node.children ?? []).flatMap(idsWithin)];
}

function findNode(node: LayoutNode, id: number): LayoutNode | undefined {
  if (node.id === id) return node;
  for (const child of node.children ?? []) {
    const found = findNode(child, id);
    if (found) return found;
  }
  return undefined;
}
interface Info {
  named_endpoints: Record<string, { description?: string; parameters: { label: string }[] }>;
}

/** What the options set, read the same way from either server. */
async function facts(url: string) {
  const config = (await (await fetch(`${url}/config`)).json()) as Config;
  const info = (await (await fetch(`${url}/gradio_api/info`)).json()) as Info;
  const propsOf = (type: string, key: string) =>
    config.components.filter((c) => c.type === type).map((c) => c.props[key]);
  const shout = config.dependencies.find((d) => d.api_name === "shout")!;
  // The Interface's buttons: its tab's. (Gradio's ChatInterface labels its textbox's own submit button.)
  const shoutTab = config.components.find((c) => c.type === "tabitem" && c.props.label === "Shout")!;
  const inShoutTab = new Set(idsWithin(findNode(config.layout, shoutTab.id)!));
  return {
    tabNames: propsOf("tabitem", "label"),
    markdown: propsOf("markdown", "value"),
    buttons: config.components.filter((c) => c.type === "button" && inShoutTab.has(c.id)).map((c) => c.props.value),
    examplesPerPage: propsOf("dataset", "samples_per_page"),
    accordions: propsOf("accordion", "label"),
    showProgress: shout.show_progress,
    apiDescriptionInConfig: shout.api_description,
    apiDescription: info.named_endpoints["/shout"]?.description,
    chatParameters: info.named_endpoints["/talk"]?.parameters.map((p) => p.label),
  };
}

describe("Interface, ChatInterface and TabbedInterface options, compared with Python Gradio 6", () => {
  let python: string | null = null;
  let child: ChildProcess | null = null;
  let gradioUrl = "";
  let ours: TestServer;

  before(async () => {
    ours = await startServer(tsApp());
    python = await pythonWithGradio6();
    if (!python) return;
    const port = 20000 + Math.floor(Math.random() * 20000);
    const env = { ...process.env, GRADIO_ANALYTICS_ENABLED: "False", HF_HUB_OFFLINE: "1", NO_PROXY: "127.0.0.1" };
    child = spawn(python, ["-c", PYTHON_APP, String(port)], { env, stdio: "ignore" });
    gradioUrl = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 120_000;
    while (
      !(await fetch(`${gradioUrl}/config`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error("the Python Gradio app did not start");
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  });
  after(async () => {
    child?.kill("SIGTERM");
    await ours?.close();
  });

  test("what the options put in /config and the API info", { timeout: 60_000 }, async (t) => {
    if (!python)
      return t.skip(
        "*** Python Gradio 6 is unavailable (no PyPI?): the differential Interface-options test did not run ***",
      );
    const expected = await facts(gradioUrl);
    // The facts themselves, so that a Gradio that ignored the options would not pass either.
    assert.deepEqual(expected.tabNames, ["Shout", "Talk"]);
    assert.deepEqual(expected.examplesPerPage, [2]);
    assert.equal(expected.apiDescription, "Shouts the text");
    assert.deepEqual(await facts(ours.url), expected);
  });
});
