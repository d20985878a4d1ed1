// Two apps in one process (as in this test suite, or a host serving several demos) share nothing an
// app owns: each keeps the static paths it was built or launched with, and its own encryption key.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Client } from "@gradio/client";
import * as gr from "gradio-ts";
import { AppConfigError } from "../src/errors.js";
import { startServer, type TestServer } from "./helpers/server.js";

let root = "";
before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-isolation-"));
});
after(async () => {
  gr.setStaticPaths([]);
  await rm(root, { recursive: true, force: true });
});

async function folderWith(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(path.join(root, `${name}-`));
  await writeFile(path.join(dir, "file.txt"), text);
  return dir;
}

async function served(server: TestServer, dir: string): Promise<number> {
  const response = await fetch(`${server.url}/gradio_api/file=${dir}/file.txt`);
  await response.arrayBuffer();
  return response.status;
}

const echo = () => new gr.Blocks({}, () => new gr.Textbox());

describe("static paths belong to an app", () => {
  test("set inside each app's build: each serves its own folder and refuses the other's", async () => {
    const dirA = await folderWith("a", "A's file");
    const dirB = await folderWith("b", "B's file");
    const appA = new gr.Blocks({}, () => (gr.setStaticPaths([dirA]), new gr.Textbox()));
    const appB = new gr.Blocks({}, () => (gr.setStaticPaths(dirB), new gr.Textbox()));
    const [a, b] = [await startServer(appA), await startServer(appB)];
    try {
      assert.equal(await served(a, dirA), 200);
      assert.equal(await (await fetch(`${a.url}/gradio_api/file=${dirA}/file.txt`)).text(), "A's file");
      assert.equal(await served(b, dirB), 200);
      assert.equal(await served(a, dirB), 403);
      assert.equal(await served(b, dirA), 403);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test("set outside any app: taken by the apps launched next; a running app keeps what it launched with", async () => {
    const dirC = await folderWith("c", "C's file");
    gr.setStaticPaths([dirC]);
    const c = await startServer(echo());
    gr.setStaticPaths([]);
    const d = await startServer(echo());
    try {
      assert.equal(await served(c, dirC), 200);
      assert.equal(await served(d, dirC), 403);
    } finally {
      await c.close();
      await d.close();
    }
  });

  test("an empty path is refused with a message", () => {
    assert.throws(
      () => gr.setStaticPaths([""]),
      (error: unknown) => error instanceof AppConfigError && /non-empty/.test(error.message),
    );
  });
});

describe("encryption keys belong to an app", () => {
  async function flaggingApp(dir: string) {
    const demo = new gr.Interface({
      fn: (text: string) => text,
      inputs: new gr.Textbox({ label: "text" }),
      outputs: new gr.Textbox({ label: "out" }),
      flaggingMode: "never",
    });
    gr.addFlagging(demo, { dir });
    return demo;
  }

  async function flag(server: TestServer, text: string): Promise<void> {
    const config = (await (await fetch(`${server.url}/config`)).json()) as {
      dependencies: { id: number; api_name: string }[];
    };
    const client = await Client.connect(server.url);
    await client.predict(config.dependencies.find((d) => d.api_name === "flag")!.id, [text, text]);
    client.close();
  }

  test("two apps running at once flag with their own keys; an app without one writes plain CSV", async () => {
    // Each Flag button hands the logger its own app's key (FlagOptions.appEncryptionKey): what this proves.
    const [keyA, keyB] = [randomBytes(32).toString("base64"), randomBytes(32).toString("base64")];
    const [dirA, dirB, dirPlain] = ["flags-a", "flags-b", "flags-plain"].map((name) => path.join(root, name)) as [
      string,
      string,
      string,
    ];
    const a = await startServer(await flaggingApp(dirA), { encryptionKey: keyA });
    const b = await startServer(await flaggingApp(dirB), { encryptionKey: keyB });
    const plain = await startServer(await flaggingApp(dirPlain));
    try {
      await flag(a, "for A");
      await flag(b, "for B");
      await flag(plain, "for nobody");
      assert.equal((await gr.readFlags(dirA, keyA))[1]![0], "for A");
      assert.equal((await gr.readFlags(dirB, keyB))[1]![0], "for B");
      await assert.rejects(gr.readFlags(dirA, keyB), /Wrong encryption key/);
      await assert.rejects(gr.readFlags(dirB, keyA), /Wrong encryption key/);
      assert.match(await readFile(path.join(dirPlain, "dataset1.csv"), "utf8"), /for nobody/);
    } finally {
      await a.close();
      await b.close();
      await plain.close();
    }
  });
});
