/**
 * A local writer racing the server: a folder inside allowedPaths is swapped, again and again, for a
 * link to /etc between the server's check and its open. The file route and the copy into the cache
 * must never hand out (or store) a byte of /etc/passwd, and must keep serving the real file.
 * Bounded: a fixed number of requests, a racer that stops itself after a minute at most.
 */
import assert from "node:assert/strict";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rename,
  rm,
  symlink,
  unlink,
  writeFile,
} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { openExactly } from "../src/files/resolve.js";

const BENIGN = `benign file ${Math.random().toString(36).slice(2)}\n`;
const REQUESTS = 3000;
const CALLS = 300;
const CONCURRENCY = 8;
/** Per test, so a loaded machine ends the loop early instead of timing out; the racer's own bound. */
const WORK_LIMIT_MS = 20_000;
const WALL_CLOCK_LIMIT_MS = 60_000;

let root = "";
let allowed = "";
let sub = "";
let hold = "";
let cacheDir = "";
let passwd = "";
let app: gr.RunningApp;

/** Flips `sub` between the real folder and a link to /etc until killed (or a minute has passed). */
const RACER = `
const fs = require("node:fs");
const [sub, hold, target, limit] = process.argv.slice(1);
const end = Date.now() + Number(limit);
while (Date.now() < end) {
  try {
    fs.renameSync(sub, hold);
    fs.symlinkSync(target, sub);
    fs.unlinkSync(sub);
    fs.renameSync(hold, sub);
  } catch {}
}
`;

function startRacer(): ChildProcess {
  return spawn(process.execPath, ["-e", RACER, sub, hold, "/etc", String(WALL_CLOCK_LIMIT_MS)], { stdio: "ignore" });
}

async function stopRacer(racer: ChildProcess): Promise<void> {
  if (racer.exitCode === null && racer.pid !== undefined) {
    const exited = new Promise((done) => racer.once("exit", done));
    process.kill(racer.pid, "SIGKILL");
    await exited;
  }
  // Put the real folder back, whichever state the racer was stopped in.
  const current = await lstat(sub).catch(() => null);
  if (current?.isSymbolicLink()) await unlink(sub);
  if (!(await lstat(sub).catch(() => null))) await rename(hold, sub);
}

/** Runs `work` for indexes 0..count-1, `CONCURRENCY` at a time, and stops early past the time limit. */
async function inParallel(count: number, work: (index: number) => Promise<void>): Promise<number> {
  const deadline = Date.now() + WORK_LIMIT_MS;
  let next = 0;
  const worker = async () => {
    while (next < count && Date.now() < deadline) await work(next++);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return next;
}

const looksLikePasswd = (text: string) => text === passwd || /^root:/m.test(text);

before(async () => {
  passwd = await readFile("/etc/passwd", "utf8");
  root = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-files-race-"));
  allowed = path.join(root, "allowed");
  sub = path.join(allowed, "sub");
  hold = path.join(allowed, "sub-hold");
  cacheDir = path.join(root, "cache");
  await mkdir(sub, { recursive: true });
  await writeFile(path.join(sub, "passwd"), BENIGN);
  const demo = new gr.Interface({ fn: (p: string) => p, inputs: "text", outputs: "file" });
  app = await demo.launch({ serverPort: 0, quiet: true, logLevel: "silent", allowedPaths: [allowed], cacheDir });
});

after(async () => {
  await app?.close();
  await rm(root, { recursive: true, force: true });
});

describe("a folder swapped for a link between check and open", { skip: process.platform === "win32" }, () => {
  test("the file route never serves /etc/passwd, and still serves the real file", async (t) => {
    const target = `${app.url}/gradio_api/file=${path.join(sub, "passwd")}`;
    const statuses = new Map<number, number>();
    let leaked = 0;
    let benign = 0;
    const racer = startRacer();
    let done = 0;
    try {
      done = await inParallel(REQUESTS, async () => {
        const response = await fetch(target);
        const body = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (looksLikePasswd(body)) leaked++;
        if (response.status === 200 && body === BENIGN) benign++;
      });
    } finally {
      await stopRacer(racer);
    }
    t.diagnostic(`${done} requests, statuses ${JSON.stringify([...statuses])}, ${benign} served the real file`);
    assert.equal(leaked, 0, `${leaked} responses carried /etc/passwd`);
    assert.ok(done >= 200, `only ${done} requests ran`);
    assert.deepEqual(
      [...statuses.keys()].filter((status) => status !== 200 && status !== 403),
      [],
      JSON.stringify([...statuses]),
    );
    // Between swaps the real file is there, and it is served.
    const calm = await fetch(target);
    assert.equal(calm.status, 200);
    assert.equal(await calm.text(), BENIGN);
  });

  test("a fn returning the path never copies /etc/passwd into the cache", async (t) => {
    const racer = startRacer();
    try {
      const calls = await inParallel(CALLS, async () => {
        const post = await fetch(`${app.url}/gradio_api/call/lambda`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ data: [path.join(sub, "passwd")] }),
        });
        const { event_id: eventId } = (await post.json()) as { event_id: string };
        await (await fetch(`${app.url}/gradio_api/call/lambda/${eventId}`)).text();
      });
      t.diagnostic(`${calls} calls`);
    } finally {
      await stopRacer(racer);
    }
    const files = path.join(cacheDir, "files");
    for (const folder of await readdir(files)) {
      for (const name of await readdir(path.join(files, folder))) {
        assert.ok(
          !looksLikePasswd(await readFile(path.join(files, folder, name), "utf8")),
          "/etc/passwd was copied into the cache",
        );
      }
    }
    // And the real file is still copied and served once the racing stops.
    const post = await fetch(`${app.url}/gradio_api/call/lambda`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ data: [path.join(sub, "passwd")] }),
    });
    const { event_id: eventId } = (await post.json()) as { event_id: string };
    const text = await (await fetch(`${app.url}/gradio_api/call/lambda/${eventId}`)).text();
    const match = /event: complete\ndata: (.*)\n/.exec(text);
    assert.ok(match, text);
    const [output] = JSON.parse(match[1]!) as [{ url: string }];
    assert.equal(await (await fetch(output.url)).text(), BENIGN);
  });
});

describe("openExactly, the swap replayed without a race", { skip: process.platform === "win32" }, () => {
  test("a folder swapped for a link after the check: nothing is opened", async () => {
    const base = await realpath(await mkdtemp(path.join(root, "exact-")));
    const folder = path.join(base, "dir");
    const elsewhere = path.join(base, "elsewhere");
    await mkdir(folder);
    await mkdir(elsewhere);
    await writeFile(path.join(folder, "f.txt"), BENIGN);
    await writeFile(path.join(elsewhere, "f.txt"), "not the judged file");
    const judged = path.join(folder, "f.txt");
    const opened = await openExactly(judged);
    assert.ok(opened);
    assert.equal(await opened.handle.readFile("utf8"), BENIGN);
    await opened.handle.close();
    // The judged path now leads somewhere else through a link in a parent folder.
    await rename(folder, `${folder}-old`);
    await symlink(elsewhere, folder);
    assert.equal(await openExactly(judged), null);
  });

  test("a FIFO or a folder in place of the file: refused at once, never waited on", async () => {
    const base = await realpath(await mkdtemp(path.join(root, "fifo-")));
    const fifo = path.join(base, "pipe");
    execFileSync("mkfifo", [fifo]);
    assert.equal(await openExactly(fifo), null);
    assert.equal(await openExactly(base), null);
  });
});
