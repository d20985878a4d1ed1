/**
 * Rule 1.5: the one guarded fetcher (src/files/url-fetch.ts). Only 127.0.0.1 traffic: the allow path
 * is reached through the fetcher's test hooks (a resolver naming `public.test`, and an address check
 * that lets 127.0.0.1 through only while a test says so), which no launch option can set.
 */
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, realpath, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { FileCache } from "../src/files/cache.js";
import { FileProcessor } from "../src/files/file-processor.js";
import {
  DEFAULT_URL_MAX_BYTES,
  DEFAULT_URL_TIMEOUT_MS,
  isPublicAddress,
  MAX_REDIRECTS,
  parseFetchableUrl,
  UrlFetcher,
  UrlFetchError,
  urlFetcher,
  type ResolvedAddress,
  type UrlFetchSettings,
} from "../src/files/url-fetch.js";
import { fileFromToolArgument, isPrivateAddress, ToolInputError } from "../src/mcp/files.js";
import { InputValidationError } from "../src/errors.js";
import { startServer } from "./helpers/server.js";

describe("isPublicAddress", () => {
  const refused = [
    // IPv4: unspecified, loopback, private, CGNAT, link-local, reserved, multicast, broadcast
    "0.0.0.0",
    "0.1.2.3",
    "127.0.0.1",
    "127.255.255.254",
    "10.0.0.1",
    "10.255.255.255",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "100.64.0.1",
    "100.127.255.255",
    "169.254.169.254",
    "169.254.0.1",
    "192.0.0.8",
    "192.0.2.1",
    "198.18.0.1",
    "198.51.100.2",
    "203.0.113.9",
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    // IPv6: unspecified, loopback, unique-local, link-local, site-local, multicast, documentation, Teredo
    "::",
    "::1",
    "0:0:0:0:0:0:0:1",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "fe80::1%eth0",
    "febf::1",
    "fec0::1",
    "ff02::1",
    "2001:db8::1",
    "2001::1",
    "100::1",
    // IPv4 embedded in IPv6: mapped (both spellings), SIIT, compatible, NAT64, 6to4
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::FFFF:10.0.0.1",
    "::ffff:a9fe:a9fe",
    "::ffff:0:127.0.0.1",
    "::127.0.0.1",
    "::7f00:1",
    "::10.1.2.3",
    "64:ff9b::127.0.0.1",
    "64:ff9b::a9fe:a9fe",
    "64:ff9b:1::1",
    "2002:7f00:1::1",
    "2002:c0a8:101::1",
    // not addresses at all
    "",
    "localhost",
    "127.1",
    "2130706433",
    "0x7f.1",
    "1.2.3.4.5",
    "[::1]",
    "::ffff:999.0.0.1",
  ];
  const allowed = [
    "1.1.1.1",
    "8.8.8.8",
    "93.184.216.34",
    "100.63.255.255",
    "100.128.0.1",
    "172.15.255.255",
    "172.32.0.1",
    "192.167.1.1",
    "169.253.1.1",
    "223.255.255.255",
    "2606:4700:4700::1111",
    "2001:4860:4860::8888",
    "[2606:4700::1]",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:808:808::1",
  ];
  for (const address of refused)
    test(`refuses ${JSON.stringify(address)}`, () => assert.equal(isPublicAddress(address), false));
  for (const address of allowed) test(`allows ${address}`, () => assert.equal(isPublicAddress(address), true));
  test("the MCP name is the same check, inverted", () => {
    assert.equal(isPrivateAddress("127.0.0.1"), true);
    assert.equal(isPrivateAddress("8.8.8.8"), false);
  });
});

describe("URL parsing and the address check (no connection made)", () => {
  test("numeric host tricks are normalised to the address they mean, then refused", async () => {
    for (const raw of [
      "http://2130706433/",
      "http://0x7f.1/",
      "http://017700000001/",
      "http://127.1/",
      "http://0x7f000001/",
      "http://0/",
      "HTTP://LOCALHOST/",
      "http://[::ffff:127.0.0.1]/",
      "http://[::]/",
      "http://[0:0::1]:80/",
    ]) {
      const url = parseFetchableUrl(raw);
      if (raw !== "HTTP://LOCALHOST/") assert.ok(!isPublicAddress(url.hostname), raw);
      await assert.rejects(
        urlFetcher.checkTarget(url),
        (error: unknown) => error instanceof UrlFetchError && error.kind === "refused",
        raw,
      );
    }
  });
  test("other schemes are refused", () => {
    for (const raw of [
      "file:///etc/passwd",
      "ftp://127.0.0.1/x",
      "gopher://127.0.0.1:1/_x",
      "data:text/plain;base64,aGk=",
      "javascript:alert(1)",
      "ws://example.com/",
      "//example.com/x",
      "not a url",
    ]) {
      assert.throws(
        () => parseFetchableUrl(raw),
        (error: unknown) => error instanceof UrlFetchError && error.kind === "scheme",
        raw,
      );
    }
  });
  test("a name with any non-public address is refused, and the message names no address", async () => {
    const fetcher = new UrlFetcher({
      resolve: async () => [
        { address: "93.184.216.34", family: 4 },
        { address: "10.0.0.5", family: 4 },
      ],
    });
    await assert.rejects(fetcher.checkTarget(new URL("http://mixed.test/")), (error: unknown) => {
      assert.ok(error instanceof UrlFetchError && error.kind === "refused");
      assert.ok(!/10\.0\.0\.5|93\.184/.test(error.message), error.message);
      return true;
    });
  });
  test("an unresolvable name is refused", async () => {
    const fetcher = new UrlFetcher({ resolve: async () => [] });
    await assert.rejects(
      fetcher.checkTarget(new URL("http://nowhere.test/")),
      (error: unknown) => error instanceof UrlFetchError && error.kind === "unresolvable",
    );
  });
});

describe("downloading through the guarded fetcher (127.0.0.1 only)", () => {
  let server: http.Server;
  let port = 0;
  let root = "";
  let cache: FileCache;
  const hits: string[] = [];
  const hosts: string[] = [];
  /** Whether the test address check lets 127.0.0.1 through at this moment. */
  let loopbackAllowed = true;
  let resolveCalls = 0;
  let endlessClosed = false;

  /** `public.test` → 127.0.0.1, `private.test` → 10.0.0.7, `rebind.test` → 127.0.0.1 once, then 10.0.0.1. */
  const resolve = async (name: string): Promise<ResolvedAddress[]> => {
    resolveCalls++;
    if (name === "public.test") return [{ address: "127.0.0.1", family: 4 }];
    if (name === "private.test") return [{ address: "10.0.0.7", family: 4 }];
    if (name === "rebind.test") return [{ address: resolveCalls === 1 ? "127.0.0.1" : "10.0.0.1", family: 4 }];
    return [];
  };
  /** The real check, except that 127.0.0.1 passes while `loopbackAllowed` (the stand-in for a public server). */
  const fetcher = new UrlFetcher({
    resolve,
    isAllowedAddress: (ip) => (ip === "127.0.0.1" ? loopbackAllowed : isPublicAddress(ip)),
  });
  const base = () => `http://public.test:${port}`;

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-url-fetch-"));
    cache = new FileCache(root);
    await cache.init();
    server = http.createServer((request, response) => {
      const url = request.url ?? "/";
      hits.push(url);
      hosts.push(request.headers.host ?? "");
      if (url === "/ok.txt") return void response.end("public bytes");
      if (url === "/secret") return void response.end("INTERNAL SECRET");
      if (url === "/to-loopback") {
        // The "public" server redirects to the loopback address, which must be checked again.
        loopbackAllowed = false;
        response.writeHead(302, { location: `http://127.0.0.1:${port}/secret` });
        return void response.end();
      }
      if (url === "/to-metadata") {
        response.writeHead(301, { location: "http://169.254.169.254/latest/meta-data/" });
        return void response.end();
      }
      if (url === "/to-private-name") {
        response.writeHead(307, { location: `http://private.test:${port}/secret` });
        return void response.end();
      }
      if (url === "/to-file") {
        response.writeHead(302, { location: "file:///etc/passwd" });
        return void response.end();
      }
      const chain = /^\/chain\/(\d+)$/.exec(url);
      if (chain) {
        const left = Number(chain[1]);
        response.writeHead(302, { location: left === 0 ? "/ok.txt" : `/chain/${left - 1}` });
        return void response.end();
      }
      if (url === "/big-declared") {
        response.writeHead(200, { "content-length": "5000" });
        return void response.end("x".repeat(5000));
      }
      if (url === "/big-chunked") {
        response.writeHead(200);
        let sent = 0;
        const timer = setInterval(() => {
          response.write("y".repeat(1000));
          if ((sent += 1000) >= 20_000) {
            clearInterval(timer);
            response.end();
          }
        }, 1);
        return;
      }
      if (url === "/slow") return void response.write("partial");
      if (url === "/endless") {
        response.writeHead(200);
        const timer = setInterval(() => response.write("z".repeat(1000)), 1);
        response.on("close", () => {
          clearInterval(timer);
          endlessClosed = true;
        });
        return;
      }
      response.writeHead(404);
      response.end("nope");
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
    await rm(root, { recursive: true, force: true });
  });

  const refusedWith = (kind: string) => (error: unknown) => {
    assert.ok(error instanceof UrlFetchError, String(error));
    assert.equal(error.kind, kind, error.message);
    assert.ok(
      !error.message.includes("127.0.0.1") && !error.message.includes("10.0.0"),
      `message reveals an address: ${error.message}`,
    );
    return true;
  };

  test("an allowed name is downloaded into the cache, connecting to the checked address with the name as Host", async () => {
    loopbackAllowed = true;
    resolveCalls = 0;
    const file = await fetcher.download(`${base()}/ok.txt`, cache);
    assert.equal(await readFile(file.path, "utf8"), "public bytes");
    assert.ok(file.path.startsWith(cache.filesDir + path.sep));
    assert.equal(file.origName, "ok.txt");
    assert.equal(hosts.at(-1), `public.test:${port}`);
    assert.equal(resolveCalls, 1, "one resolution per hop");
  });

  test("DNS rebinding: the name is resolved once, and the connection goes to that checked address", async () => {
    loopbackAllowed = true;
    resolveCalls = 0;
    // A second lookup would answer 10.0.0.1 (refused); the download works only because none happens.
    const file = await fetcher.download(`http://rebind.test:${port}/ok.txt`, cache);
    assert.equal(await readFile(file.path, "utf8"), "public bytes");
    assert.equal(resolveCalls, 1);
    assert.equal(hosts.at(-1), `rebind.test:${port}`);
  });

  test("S04: a public name resolving to 127.0.0.1 is refused by the real check, and nothing is fetched", async () => {
    const before = hits.length;
    const real = new UrlFetcher({ resolve });
    await assert.rejects(real.download(`${base()}/secret`, cache), refusedWith("refused"));
    await assert.rejects(urlFetcher.download(`http://localhost:${port}/secret`, cache), refusedWith("refused"));
    await assert.rejects(urlFetcher.download(`http://127.0.0.1:${port}/secret`, cache), refusedWith("refused"));
    assert.equal(hits.length, before);
  });

  test("S04: a redirect from an allowed host to 127.0.0.1 is refused", async () => {
    loopbackAllowed = true;
    const before = hits.length;
    await assert.rejects(fetcher.download(`${base()}/to-loopback`, cache), refusedWith("refused"));
    assert.deepEqual(hits.slice(before), ["/to-loopback"], "the redirect target was never requested");
    loopbackAllowed = true;
  });

  test("redirects to the metadata address, to a name for a private address, or to file: are refused", async () => {
    loopbackAllowed = true;
    const before = hits.length;
    await assert.rejects(fetcher.download(`${base()}/to-metadata`, cache), refusedWith("refused"));
    await assert.rejects(fetcher.download(`${base()}/to-private-name`, cache), refusedWith("refused"));
    await assert.rejects(fetcher.download(`${base()}/to-file`, cache), refusedWith("scheme"));
    assert.ok(!hits.slice(before).includes("/secret"));
  });

  test(`at most ${MAX_REDIRECTS} redirects are followed`, async () => {
    loopbackAllowed = true;
    const file = await fetcher.download(`${base()}/chain/${MAX_REDIRECTS - 1}`, cache);
    assert.equal(await readFile(file.path, "utf8"), "public bytes");
    await assert.rejects(fetcher.download(`${base()}/chain/${MAX_REDIRECTS}`, cache), refusedWith("redirects"));
  });

  test("size is bounded (declared and streamed), and nothing partial is left in the cache", async () => {
    loopbackAllowed = true;
    await assert.rejects(
      fetcher.download(`${base()}/big-declared`, cache, { maxBytes: 1000 }),
      refusedWith("too-large"),
    );
    await assert.rejects(
      fetcher.download(`${base()}/big-chunked`, cache, { maxBytes: 4000 }),
      refusedWith("too-large"),
    );
    assert.deepEqual(await readdir(path.join(root, "incoming")), []);
    // An endless body is cut off at the limit and its connection closed, not drained.
    await assert.rejects(fetcher.download(`${base()}/endless`, cache, { maxBytes: 4000 }), refusedWith("too-large"));
    for (let i = 0; i < 50 && !endlessClosed; i++) await new Promise((done) => setTimeout(done, 20));
    assert.ok(endlessClosed, "the connection of an oversized download is closed");
  });

  test("time is bounded", async () => {
    loopbackAllowed = true;
    const started = Date.now();
    await assert.rejects(fetcher.download(`${base()}/slow`, cache, { timeoutMs: 300 }), refusedWith("timeout"));
    assert.ok(Date.now() - started < 5000);
    assert.deepEqual(await readdir(path.join(root, "incoming")), []);
    // A lookup that never answers is bounded too.
    const stuck = new UrlFetcher({ resolve: () => new Promise(() => undefined) });
    await assert.rejects(stuck.download("http://stuck.test/", cache, { timeoutMs: 200 }), refusedWith("timeout"));
  });

  test("an HTTP error status is a clear failure", async () => {
    loopbackAllowed = true;
    await assert.rejects(fetcher.download(`${base()}/missing`, cache), refusedWith("http"));
  });

  test("file inputs: a FileData whose path (or, without a path, url) is a URL is downloaded; off means refused", async () => {
    loopbackAllowed = true;
    const policy = {
      cacheDir: await realpath(cache.filesDir),
      allowedPaths: [],
      blockedPaths: [],
      privatePaths: [],
      staticPaths: [],
      workingDir: await realpath(process.cwd()),
      tempDir: await realpath(os.tmpdir()),
      caseInsensitive: false,
    };
    const settings: UrlFetchSettings = { enabled: true, maxBytes: 1000, timeoutMs: 5000, fetcher };
    const files = new FileProcessor(cache, policy, settings);
    const viaPath = await files.acceptInput(
      { path: `${base()}/ok.txt`, orig_name: "../../evil name.txt", meta: { _type: "gradio.FileData" } },
      "f",
    );
    assert.equal(await readFile(viaPath.path, "utf8"), "public bytes");
    assert.equal(viaPath.orig_name, "evil name.txt");
    const viaUrl = await files.acceptInput({ url: `${base()}/ok.txt`, meta: { _type: "gradio.FileData" } }, "f");
    assert.equal(await readFile(viaUrl.path, "utf8"), "public bytes");
    await assert.rejects(
      files.acceptInput({ path: `${base()}/big-declared` }, "f"),
      (error: unknown) => error instanceof InputValidationError && /larger/.test(error.message),
    );
    await assert.rejects(
      files.acceptInput({ path: "http://169.254.169.254/latest/meta-data/" }, "f"),
      (error: unknown) => {
        assert.ok(error instanceof InputValidationError && /public/.test(error.message), String(error));
        return true;
      },
    );
    const off = new FileProcessor(cache, policy, { ...settings, enabled: false });
    await assert.rejects(
      off.acceptInput({ path: `${base()}/ok.txt` }, "f"),
      (error: unknown) => error instanceof InputValidationError && /not accepted/.test(error.message),
    );
    // Without settings at all (a bare FileProcessor), URLs are refused.
    await assert.rejects(
      new FileProcessor(cache, policy).acceptInput({ path: `${base()}/ok.txt` }, "f"),
      InputValidationError,
    );
  });

  test("MCP tool arguments use the same fetcher and follow the app's setting", async () => {
    loopbackAllowed = true;
    const own = new FileCache(path.join(root, "mcp"));
    await own.init();
    const on: UrlFetchSettings = { enabled: true, maxBytes: 1000, timeoutMs: 5000, fetcher };
    const file = (await fileFromToolArgument(`${base()}/ok.txt`, {
      cache: own,
      rootUrl: "http://127.0.0.1:1",
      maxFileSize: null,
      urlInputs: on,
    })) as { path: string };
    assert.equal(await readFile(file.path, "utf8"), "public bytes");
    await assert.rejects(
      fileFromToolArgument(`${base()}/to-loopback`, {
        cache: own,
        rootUrl: "http://127.0.0.1:1",
        maxFileSize: null,
        urlInputs: on,
      }),
      ToolInputError,
    );
    const off = { ...on, enabled: false };
    await assert.rejects(
      fileFromToolArgument(`${base()}/ok.txt`, {
        cache: own,
        rootUrl: "http://127.0.0.1:1",
        maxFileSize: null,
        urlInputs: off,
      }),
      /does not download/,
    );
    await assert.rejects(
      fileFromToolArgument(`${base()}/ok.txt`, {
        cache: own,
        rootUrl: "http://127.0.0.1:1",
        maxFileSize: null,
        urlInputs: null,
      }),
      /does not download/,
    );
    // The production fetcher (an app's default settings) refuses loopback.
    const plain = new FileCache(path.join(root, "mcp-plain"));
    await plain.init();
    const production: UrlFetchSettings = {
      enabled: true,
      maxBytes: DEFAULT_URL_MAX_BYTES,
      timeoutMs: DEFAULT_URL_TIMEOUT_MS,
      fetcher: urlFetcher,
    };
    await assert.rejects(
      fileFromToolArgument(`http://127.0.0.1:${port}/secret`, {
        cache: plain,
        rootUrl: "http://127.0.0.1:1",
        maxFileSize: null,
        urlInputs: production,
      }),
      /public/,
    );
  });
});

describe("launch({ fetchUrlInputs: false })", () => {
  test("a URL input is refused with the upload hint, before the fn runs", async () => {
    let runs = 0;
    const demo = new gr.Interface({
      fn: (p: unknown) => (runs++, String(p)),
      inputs: new gr.File(),
      outputs: new gr.Textbox(),
    });
    const server = await startServer(demo, { fetchUrlInputs: false });
    try {
      const response = await fetch(`${server.url}/gradio_api/call/lambda`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ data: [{ path: "http://127.0.0.1:1/x.txt", meta: { _type: "gradio.FileData" } }] }),
      });
      assert.ok(response.status >= 400 && response.status < 500, String(response.status));
      assert.match(await response.text(), /upload the file first/);
      assert.equal(runs, 0);
    } finally {
      await server.close();
    }
  });
});

describe("one refusal for every target the guard will not connect to", () => {
  // `.invalid` and `localhost` are answered without a DNS query, and every address below is refused
  // before a connection is tried: this test sends nothing beyond 127.0.0.1.
  const targets = [
    "http://nonexistent.invalid/x.txt",
    "http://127.0.0.1:1/x.txt",
    "http://10.0.0.1/x.txt",
    "http://localhost:1/x.txt",
  ];

  test("unresolvable, loopback, private and loopback-by-name targets get byte-identical answers over HTTP", async () => {
    let runs = 0;
    const demo = new gr.Interface({
      fn: (p: unknown) => (runs++, String(p)),
      inputs: new gr.File(),
      outputs: new gr.Textbox(),
    });
    const server = await startServer(demo);
    try {
      const bodies: string[] = [];
      for (const target of targets) {
        const response = await fetch(`${server.url}/gradio_api/call/lambda`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ data: [{ path: target, meta: { _type: "gradio.FileData" } }] }),
        });
        assert.equal(response.status, 422, target);
        bodies.push(await response.text());
      }
      for (const body of bodies) assert.equal(body, bodies[0]);
      assert.match(bodies[0]!, /public http\(s\) addresses/);
      assert.doesNotMatch(bodies[0]!, /resolv/i);
      assert.equal(runs, 0);
      // Still serving others afterwards.
      const ok = await fetch(`${server.url}/gradio_api/info`);
      assert.equal(ok.status, 200);
    } finally {
      await server.close();
    }
  });

  test("MCP file arguments get the same words for every such target", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-url-refusal-"));
    try {
      const cache = new FileCache(root);
      await cache.init();
      const messages: string[] = [];
      for (const target of targets) {
        await assert.rejects(
          fileFromToolArgument(target, {
            cache,
            rootUrl: "http://127.0.0.1:1/app",
            maxFileSize: null,
            urlInputs: {
              enabled: true,
              maxBytes: DEFAULT_URL_MAX_BYTES,
              timeoutMs: DEFAULT_URL_TIMEOUT_MS,
              fetcher: urlFetcher,
            },
          }),
          (error: unknown) => {
            assert.ok(error instanceof ToolInputError, String(error));
            messages.push(error.message);
            return true;
          },
        );
      }
      assert.equal(new Set(messages).size, 1, messages.join(" | "));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  test("the kind still tells a log which it was", async () => {
    const kinds: string[] = [];
    for (const target of targets) {
      await urlFetcher
        .checkTarget(new URL(target))
        .catch((error: unknown) => kinds.push((error as UrlFetchError).kind));
    }
    assert.deepEqual(kinds, ["unresolvable", "refused", "refused", "refused"]);
  });
});
