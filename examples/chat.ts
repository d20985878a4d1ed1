// A streaming chat app, a few of the media components, and a flagged Interface, side by side in tabs.
import * as gr from "gradio-ts";

const chat = new gr.ChatInterface({
  title: "Echo bot",
  examples: ["Hello!", "Tell me a **bold** story"],
  fn: async function* reply(message: string | gr.MultimodalValue) {
    const text = typeof message === "string" ? message : message.text;
    let out = "";
    for (const word of `You said: ${text}`.split(" ")) {
      out += (out ? " " : "") + word;
      await new Promise((resolve) => setTimeout(resolve, 60));
      yield out;
    }
  },
});

const invert = new gr.Interface({
  fn: function invert(image: gr.ImagePixels) {
    const data = Uint8Array.from(image.data, (v) => 255 - v);
    return { ...image, data };
  },
  inputs: new gr.Image({ type: "pixels", label: "Picture" }),
  outputs: new gr.Image({ label: "Inverted", format: "webp" }),
  flaggingDir: "flagged",
});

const plots = new gr.Blocks({}, () => {
  const table = new gr.Dataframe({
    headers: ["x", "y"],
    datatype: ["number", "number"],
    value: [
      [1, 1],
      [2, 4],
      [3, 9],
    ],
  });
  const plot = new gr.LinePlot({ x: "x", y: "y", title: "y over x" });
  new gr.Button("Plot").click({
    fn: function draw(t: gr.DataframeValue) {
      return t;
    },
    inputs: table,
    outputs: plot,
  });
});

await new gr.TabbedInterface([chat, invert, plots], ["Chat", "Invert", "Plot"]).launch();
