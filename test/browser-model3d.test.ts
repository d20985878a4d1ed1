/**
 * Model3D's viewer in headless Chromium (WebGL drawn by SwiftShader): glTF binary, OBJ and STL models
 * returned by a fn, an uploaded model, the display modes and the camera distance, read from the pixels
 * the canvas really drew. And the page without WebGL, which says so instead of drawing.
 */
import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import sharp from "sharp";
import type { Browser, Locator, Page } from "playwright-core";
import { browserSuite, launchBrowser, onPage, serve } from "../frontend/e2e/harness.js";

/** A unit cube as OBJ text: 8 corners, 6 quads. */
const CUBE_OBJ = [
  ...[
    [-1, -1, -1],
    [1, -1, -1],
    [1, 1, -1],
    [-1, 1, -1],
    [-1, -1, 1],
    [1, -1, 1],
    [1, 1, 1],
    [-1, 1, 1],
  ].map((v) => `v ${v.join(" ")}`),
  "f 4 3 2 1",
  "f 6 7 8 5",
  "f 2 6 5 1",
  "f 3 7 6 2",
  "f 4 8 7 3",
  "f 8 4 1 5",
].join("\n");

/** A tetrahedron as ASCII STL. */
function tetrahedronStl(): string {
  const p = [
    [0, 0, 1.5],
    [-1.3, -0.75, -0.5],
    [1.3, -0.75, -0.5],
    [0, 1.5, -0.5],
  ];
  const faces = [
    [0, 1, 2],
    [0, 2, 3],
    [0, 3, 1],
    [1, 3, 2],
  ];
  const facets = faces.map(
    (f) =>
      `facet normal 0 0 0\n outer loop\n${f.map((i) => `  vertex ${p[i]!.join(" ")}`).join("\n")}\n endloop\nendfacet`,
  );
  return `solid tetra\n${facets.join("\n")}\nendsolid tetra\n`;
}

/**
 * A glTF binary (GLB) holding one square of two triangles, its buffer inside the file; with `texture`,
 * the square is painted with that PNG (embedded too), which the page decodes from a blob: URL.
 */
function squareGlb(texture?: Buffer): Buffer {
  const positions = Buffer.from(new Float32Array([-1, -1, 0, 1, -1, 0, 1, 1, 0, -1, -1, 0, 1, 1, 0, -1, 1, 0]).buffer);
  const uvs = Buffer.from(new Float32Array([0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0]).buffer);
  const pad = (data: Buffer, fill = 0) => Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4, fill)]);
  const image = texture ? pad(texture) : Buffer.alloc(0);
  const bin = Buffer.concat([positions, uvs, image]);
  const view = (byteOffset: number, byteLength: number) => ({ buffer: 0, byteOffset, byteLength });
  const json = {
    asset: { version: "2.0" },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ mesh: 0 }],
    meshes: [{ primitives: [{ attributes: { POSITION: 0, TEXCOORD_0: 1 }, material: 0 }] }],
    materials: [
      texture
        ? { pbrMetallicRoughness: { baseColorTexture: { index: 0 }, metallicFactor: 0 } }
        : { pbrMetallicRoughness: { baseColorFactor: [0.2, 0.8, 0.2, 1] } },
    ],
    buffers: [{ byteLength: bin.length }],
    bufferViews: [view(0, positions.length), view(positions.length, uvs.length), view(48 + 72, texture?.length ?? 0)],
    accessors: [
      { bufferView: 0, componentType: 5126, count: 6, type: "VEC3", min: [-1, -1, 0], max: [1, 1, 0] },
      { bufferView: 1, componentType: 5126, count: 6, type: "VEC2" },
    ],
    ...(texture ? { images: [{ bufferView: 2, mimeType: "image/png" }], textures: [{ source: 0 }] } : {}),
  };
  if (!texture) json.bufferViews.pop();
  const chunk = (data: Buffer, type: number) => {
    const head = Buffer.alloc(8);
    head.writeUInt32LE(data.length, 0);
    head.writeUInt32LE(type, 4);
    return Buffer.concat([head, data]);
  };
  const body = Buffer.concat([
    chunk(pad(Buffer.from(JSON.stringify(json)), 0x20), 0x4e4f534a),
    chunk(pad(bin), 0x004e4942),
  ]);
  const header = Buffer.alloc(12);
  header.writeUInt32LE(0x46546c67, 0);
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(12 + body.length, 8);
  return Buffer.concat([header, body]);
}

/** How many drawn pixels are mostly blue (the texture's colour; the untextured surfaces are grey or green). */
async function bluePixels(canvas: Locator): Promise<number> {
  const { data, info } = await sharp(await canvas.screenshot())
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  let count = 0;
  for (let i = 0; i < info.width * info.height * 3; i += 3) {
    if (data[i + 2]! > 120 && data[i + 2]! > data[i]! + 60 && data[i + 2]! > data[i + 1]! + 60) count++;
  }
  return count;
}

/** How many pixels of the drawn canvas differ from its (opaque red) background. */
async function modelPixels(canvas: Locator): Promise<number> {
  // The Reset view button floats over the canvas: hide it while the canvas is measured.
  await canvas.page().evaluate(() => {
    for (const button of document.querySelectorAll<HTMLElement>(".model3d-reset")) button.style.visibility = "hidden";
  });
  const shot = sharp(await canvas.screenshot());
  const { width = 0, height = 0 } = await shot.metadata();
  // Inset past the canvas's rounded corners, where the page shows through.
  const { data, info } = await shot
    .extract({ left: 8, top: 8, width: width - 16, height: height - 16 })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  let count = 0;
  for (let i = 0; i < info.width * info.height * 3; i += 3) {
    if (255 - data[i]! + data[i + 1]! + data[i + 2]! > 90) count++;
  }
  return count;
}

async function viewerReady(page: Page, name: string): Promise<Locator> {
  const canvas = page.getByRole("img", { name: `3D model: ${name}` });
  await canvas.waitFor();
  await page.locator(`.model3d-view[data-state="ready"]`).first().waitFor();
  return canvas;
}

let browser: Browser;
const start = browserSuite((launched) => (browser = launched), { webgl: true });
let dir: string;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "model3d-"));
  await writeFile(path.join(dir, "cube.obj"), CUBE_OBJ);
  await writeFile(path.join(dir, "tetra.stl"), tetrahedronStl());
  await writeFile(path.join(dir, "square.glb"), squareGlb());
  const blue = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#0000ff" } })
    .png()
    .toBuffer();
  await writeFile(path.join(dir, "textured.glb"), squareGlb(blue));
  await writeFile(path.join(dir, "scene.splat"), Buffer.alloc(32 * 4));
});

/** An app showing the file `name` (from the fixtures) when its button is pressed. */
function showing(name: string, options: gr.Model3DOptions): gr.Blocks {
  return new gr.Blocks({}, () => {
    const viewer = new gr.Model3D({ label: "Model", clearColor: [1, 0, 0, 1], ...options });
    new gr.Button({ value: "Show" }).click({ fn: () => path.join(dir, name), outputs: [viewer] });
  });
}

async function drawn(t: test.TestContext, url: string, name: string): Promise<number> {
  let pixels = 0;
  await onPage(t, browser, url, async (page) => {
    await page.getByRole("button", { name: "Show" }).click();
    const canvas = await viewerReady(page, name);
    pixels = await modelPixels(canvas);
    assert.ok(await page.getByRole("link", { name }).isVisible(), "the model can still be downloaded");
  });
  return pixels;
}

describe("Model3D viewer", () => {
  test("draws a GLB, an OBJ and an STL returned by the fn", async (t) => {
    for (const name of ["square.glb", "cube.obj", "tetra.stl"]) {
      const pixels = await drawn(t, await start(showing(name, {})), name);
      assert.ok(pixels > 2000, `${name}: ${pixels} pixels of model drawn`);
    }
  });

  test("a GLB's embedded texture is drawn", async (t) => {
    const url = await start(showing("textured.glb", {}));
    await onPage(t, browser, url, async (page) => {
      await page.getByRole("button", { name: "Show" }).click();
      const canvas = await viewerReady(page, "textured.glb");
      assert.ok((await bluePixels(canvas)) > 2000, "the square is painted with its blue texture");
    });
  });

  test("wireframe and point cloud draw less than solid; a farther camera draws the model smaller", async (t) => {
    const solid = await drawn(t, await start(showing("cube.obj", {})), "cube.obj");
    const wireframe = await drawn(t, await start(showing("cube.obj", { displayMode: "wireframe" })), "cube.obj");
    const points = await drawn(t, await start(showing("cube.obj", { displayMode: "point_cloud" })), "cube.obj");
    const far = await drawn(t, await start(showing("cube.obj", { cameraPosition: [null, null, 20] })), "cube.obj");
    assert.ok(wireframe > 0 && wireframe < solid / 2, `wireframe ${wireframe} vs solid ${solid}`);
    assert.ok(points > 0 && points < wireframe, `points ${points} vs wireframe ${wireframe}`);
    assert.ok(far > 0 && far < solid / 2, `camera at 20: ${far} vs framed ${solid}`);
  });

  test("an uploaded model is drawn and reaches the fn as a path", async (t) => {
    const url = await start(
      new gr.Interface({
        fn: (file: string | null) => file,
        inputs: new gr.Model3D({ label: "Upload" }),
        outputs: new gr.Model3D({ label: "Echo", clearColor: [1, 0, 0, 1] }),
      }),
    );
    await onPage(t, browser, url, async (page) => {
      await page.getByLabel("Upload", { exact: true }).setInputFiles({
        name: "tetra.stl",
        mimeType: "model/stl",
        buffer: Buffer.from(tetrahedronStl()),
      });
      await page.getByRole("button", { name: "Submit" }).click();
      const canvases = page.getByRole("img", { name: "3D model: tetra.stl" });
      await page.waitForFunction(() => document.querySelectorAll(`.model3d-view[data-state="ready"]`).length === 2);
      assert.ok((await modelPixels(canvases.nth(1))) > 2000);
    });
  });

  test("a Gaussian splat is offered as a download, with the reason", async (t) => {
    const url = await start(showing("scene.splat", {}));
    await onPage(t, browser, url, async (page) => {
      await page.getByRole("button", { name: "Show" }).click();
      await page.getByText("Gaussian splats (.splat) cannot be shown here yet").waitFor();
      assert.ok(await page.getByRole("link", { name: "scene.splat" }).isVisible());
    });
  });
});

describe("Model3D without WebGL", () => {
  test("the page says the browser cannot draw 3D and keeps the download", async (t) => {
    const noGpu = await launchBrowser({ webgl: false });
    const served = await serve(showing("cube.obj", {}));
    t.after(async () => {
      await noGpu.close();
      await served.close();
    });
    await onPage(t, noGpu, served.url, async (page) => {
      await page.getByRole("button", { name: "Show" }).click();
      await page.getByText("This browser cannot draw 3D").waitFor();
      assert.ok(await page.getByRole("link", { name: "cube.obj" }).isVisible());
    });
  });
});
