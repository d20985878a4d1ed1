// Every new component's API value through the official @gradio/client against a real server.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Client, handle_file } from "@gradio/client";
import sharp from "sharp";
import * as gr from "gradio-ts";
import { encodeWav } from "../src/components/wav.js";
import { startServer, type TestServer } from "./helpers/server.js";

type Data = { data: unknown[] };
const identity = (name: string) => ({ [name]: (value: unknown) => value })[name]!;

describe("@gradio/client round trips of the media, chat and table components", () => {
  let server: TestServer;
  let client: Client;
  let png: Buffer;

  before(async () => {
    png = await sharp({ create: { width: 3, height: 2, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 1 } } })
      .png()
      .toBuffer();
    const make: [string, () => gr.Component][] = [
      ["image", () => new gr.Image()],
      ["audio", () => new gr.Audio()],
      ["video", () => new gr.Video()],
      ["gallery", () => new gr.Gallery()],
      ["dataframe", () => new gr.Dataframe({ datatype: ["str", "number"] })],
      ["chatbot", () => new gr.Chatbot()],
      ["plot", () => new gr.Plot()],
      ["code", () => new gr.Code({ language: "python" })],
      ["highlighted", () => new gr.HighlightedText()],
      ["color", () => new gr.ColorPicker()],
      ["datetime", () => new gr.DateTime()],
      ["upload_button", () => new gr.UploadButton()],
      ["download_button", () => new gr.DownloadButton()],
      ["timer", () => new gr.Timer(1)],
      ["browser_state", () => new gr.BrowserState()],
      ["multimodal", () => new gr.MultimodalTextbox()],
      ["editor", () => new gr.ImageEditor()],
      ["model3d", () => new gr.Model3D()],
    ];
    const demo = new gr.Blocks({}, () => {
      for (const [name, factory] of make) {
        const input = factory();
        const output = factory();
        new gr.Button(name).click({ fn: identity(name), inputs: input, outputs: output, apiName: name });
      }
      const source = new gr.Image({ type: "pixels" });
      const annotated = new gr.AnnotatedImage();
      new gr.Button("annotate").click({
        fn: function annotate(pixels: gr.ImagePixels) {
          return [pixels, [[[0, 0, 1, 1], "corner"]]] as const;
        },
        inputs: source,
        outputs: annotated,
        apiName: "annotate",
      });
      const samples = new gr.Audio({ type: "samples" });
      const louder = new gr.Audio();
      new gr.Button("louder").click({
        fn: function double(audio: { sampleRate: number; data: Float32Array }) {
          return { sampleRate: audio.sampleRate, data: audio.data.map((s) => s * 2) };
        },
        inputs: samples,
        outputs: louder,
        apiName: "louder",
      });
    });
    server = await startServer(demo);
    client = await Client.connect(server.url);
  });

  after(async () => {
    await server.close();
  });

  const download = async (file: { url: string }) => Buffer.from(await (await fetch(file.url)).arrayBuffer());

  test("/info names each component and marks file parameters with the FileData schema", async () => {
    const api = (await client.view_api()) as {
      named_endpoints: Record<string, { parameters: { component: string; python_type: { type: string } }[] }>;
    };
    assert.equal(api.named_endpoints["/image"]!.parameters[0]!.component, "Image");
    assert.equal(api.named_endpoints["/image"]!.parameters[0]!.python_type.type, "filepath");
    assert.equal(api.named_endpoints["/gallery"]!.parameters[0]!.component, "Gallery");
    assert.match(api.named_endpoints["/video"]!.parameters[0]!.python_type.type, /video: filepath/);
    assert.equal(api.named_endpoints["/multimodal"]!.parameters[0]!.component, "Multimodaltextbox");
  });

  test("Image, Audio, Model3D, UploadButton, DownloadButton: a file in, the same bytes back", async () => {
    const wav = Buffer.from(encodeWav(new Float32Array([0, 0.25]), 8000));
    for (const [endpoint, bytes] of [
      ["/image", png],
      ["/audio", wav],
      ["/model3d", Buffer.from("solid x")],
      ["/upload_button", Buffer.from("u")],
      ["/download_button", Buffer.from("d")],
    ] as const) {
      const result = (await client.predict(endpoint, [handle_file(bytes)])) as Data;
      const file = result.data[0] as gr.FileData & { url: string };
      assert.ok(file.url.startsWith(server.url), endpoint);
      assert.deepEqual(await download(file), bytes, endpoint);
    }
  });

  test("Video: { video, subtitles }", async () => {
    const result = (await client.predict("/video", [
      { video: handle_file(Buffer.from("mp4 bytes")), subtitles: null },
    ])) as Data;
    const value = result.data[0] as { video: { url: string }; subtitles: null };
    assert.equal((await download(value.video)).toString(), "mp4 bytes");
    assert.equal(value.subtitles, null);
  });

  test("Gallery: items with captions (the client sends bare paths for Gallery)", async () => {
    const result = (await client.predict("/gallery", [[{ image: handle_file(png), caption: "blue" }]])) as Data;
    const [item] = result.data[0] as { image: { url: string }; caption: string }[];
    assert.equal(item!.caption, "blue");
    assert.deepEqual(await download(item!.image), png);
  });

  test("ImageEditor and MultimodalTextbox carry files inside objects", async () => {
    const edited = (
      (await client.predict("/editor", [
        { background: handle_file(png), layers: [], composite: handle_file(png) },
      ])) as Data
    ).data[0] as { background: { url: string }; layers: unknown[] };
    assert.deepEqual(await download(edited.background), png);
    assert.deepEqual(edited.layers, []);
    const mm = ((await client.predict("/multimodal", [{ text: "look", files: [handle_file(png)] }])) as Data)
      .data[0] as { text: string; files: { url: string }[] };
    assert.equal(mm.text, "look");
    assert.deepEqual(await download(mm.files[0]!), png);
  });

  test("AnnotatedImage from decoded pixels; Audio samples doubled and re-encoded", async () => {
    const value = ((await client.predict("/annotate", [handle_file(png)])) as Data).data[0] as {
      image: { url: string };
      annotations: { image: { url: string }; label: string }[];
    };
    assert.equal(value.annotations[0]!.label, "corner");
    const mask = await sharp(await download(value.annotations[0]!.image)).metadata();
    assert.deepEqual([mask.width, mask.height], [3, 2]);
    const loud = (
      (await client.predict("/louder", [handle_file(Buffer.from(encodeWav(new Float32Array([0.25]), 8000)))])) as Data
    ).data[0] as { url: string };
    const bytes = await download(loud);
    assert.equal(bytes.readInt16LE(44), Math.round(0.5 * 32767));
  });

  test("Dataframe, Chatbot, Plot, HighlightedText: structured values", async () => {
    const df = (
      (await client.predict("/dataframe", [{ headers: ["n", "v"], data: [["a", "1.5"]], metadata: null }])) as Data
    ).data[0];
    assert.deepEqual(df, { headers: ["n", "v"], data: [["a", 1.5]], metadata: null });
    const history = [
      { role: "user", content: "/etc/passwd" },
      { role: "assistant", content: "**hi**", metadata: { title: "t" } },
    ];
    const chat = ((await client.predict("/chatbot", [history])) as Data).data[0];
    assert.deepEqual(chat, [
      { role: "user", content: [{ type: "text", text: "/etc/passwd" }], metadata: null, options: null },
      { role: "assistant", content: [{ type: "text", text: "**hi**" }], metadata: { title: "t" }, options: null },
    ]);
    const figure = { type: "plotly", plot: JSON.stringify({ data: [{ type: "bar", x: [1], y: [2] }] }) };
    assert.deepEqual(((await client.predict("/plot", [figure])) as Data).data[0], figure);
    const tokens = [{ token: "cat", class_or_confidence: "animal" }];
    assert.deepEqual(((await client.predict("/highlighted", [tokens])) as Data).data[0], tokens);
  });

  test("Code, ColorPicker, DateTime, Timer, BrowserState: plain values", async () => {
    assert.deepEqual(((await client.predict("/code", ["print(1)"])) as Data).data, ["print(1)"]);
    assert.deepEqual(((await client.predict("/color", ["#00FF00"])) as Data).data, ["#00ff00"]);
    assert.deepEqual(((await client.predict("/datetime", ["2024-05-06 07:08:09"])) as Data).data, [
      "2024-05-06 07:08:09",
    ]);
    assert.deepEqual(((await client.predict("/timer", [2.5])) as Data).data, [2.5]);
    assert.deepEqual(((await client.predict("/browser_state", [{ a: [1] }])) as Data).data, [{ a: [1] }]);
  });

  test("bad payloads are refused with the component's message", async () => {
    await assert.rejects(client.predict("/color", ["red"]), (error: Error) => error.message.includes("colour"));
    await assert.rejects(client.predict("/image", [{ path: "/etc/passwd", meta: { _type: "gradio.FileData" } }]));
    await assert.rejects(client.predict("/datetime", ["2024-01-01 " + "9".repeat(10_000)]));
  });
});
