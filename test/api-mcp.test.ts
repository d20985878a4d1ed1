// The MCP server: the official MCP clients (JS SDK, and Python `mcp` where PyPI is reachable) list the
// example app's tools with the right schemas and call each one over both transports.
import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { TokenStore } from "../src/security/tokens.js";
import { buildApiApp } from "./api-app.js";
import { lastJsonLine, pythonWithApiTools, runPythonScript } from "./api-python.js";
import { startServer, type TestServer } from "./helpers/server.js";

// Loaded by a computed name: its types pull in `eventsource` sources that this repo's "source" export
// condition would make the type checker compile.
const SSE_CLIENT = "@modelcontextprotocol/sdk/client/sse.js";
type Transport = Parameters<Client["connect"]>[0];
type SseTransportClass = new (
  url: URL,
  options: { requestInit?: RequestInit; eventSourceInit?: { fetch: typeof fetch } },
) => Transport;

type Content = { type: string; text?: string; data?: string; mimeType?: string };
type CallResult = { content: Content[]; isError?: boolean; structuredContent?: Record<string, unknown> };

async function connect(
  url: string,
  headers: Record<string, string> = {},
  transport: "http" | "sse" = "http",
): Promise<Client> {
  const client = new Client({ name: "gradio-ts-test", version: "1.0.0" });
  if (transport === "http") {
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${url}/gradio_api/mcp/`), { requestInit: { headers } }),
    );
  } else {
    const { SSEClientTransport } = (await import(SSE_CLIENT)) as { SSEClientTransport: SseTransportClass };
    const sseFetch = ((u: string | URL | Request, init?: RequestInit) =>
      fetch(u, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers } })) as typeof fetch;
    await client.connect(
      new SSEClientTransport(new URL(`${url}/gradio_api/mcp/sse`), {
        requestInit: { headers },
        eventSourceInit: { fetch: sseFetch },
      }),
    );
  }
  return client;
}

describe("MCP server", () => {
  let server: TestServer;
  let adminToken: string;
  let tokenFile: string;

  before(async () => {
    tokenFile = path.join(await mkdtemp(path.join(os.tmpdir(), "gradio-ts-mcp-tokens-")), "tokens.json");
    adminToken = new TokenStore(tokenFile).create({ roles: ["admin"], name: "mcp-admin" }).token;
    server = await startServer(buildApiApp(), { mcpServer: true, tokenStore: tokenFile });
  });
  after(async () => server.close());

  test("lists one tool per public endpoint with input schemas from the components", async () => {
    const client = await connect(server.url);
    const { tools } = await client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    assert.deepEqual(Object.keys(byName).sort(), ["add", "count", "greet", "refuse", "shout", "square"]);
    const greet = byName.greet!;
    assert.match(greet.description!, /^Greets someone, loudly\. Returns: Greeting \(str\)\.$/);
    assert.deepEqual(greet.inputSchema.required, ["name"]);
    const properties = greet.inputSchema.properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(properties.name, { type: "string", title: "Name", description: "Name: Who to greet" });
    assert.equal(properties.times!.type, "number");
    assert.equal(properties.times!.minimum, 1);
    assert.equal(properties.times!.maximum, 5);
    assert.equal(properties.times!.default, 1);
    const color = (byName.square!.inputSchema.properties as Record<string, Record<string, unknown>>).color!;
    assert.deepEqual(color.enum, ["red", "green", "blue"]);
    assert.equal(color.default, "red");
    const file = (byName.shout!.inputSchema.properties as Record<string, Record<string, unknown>>).file!;
    assert.equal(file.type, "string", "a file input takes a URL or base64 data");
    assert.match(String(file.description), /URL/);
    await client.close();
  });

  test("calls text, number, file, image, generator and error tools", async () => {
    const client = await connect(server.url);
    const greet = (await client.callTool({ name: "greet", arguments: { name: "Ada", times: 3 } })) as CallResult;
    assert.equal(greet.isError ?? false, false);
    assert.deepEqual(greet.content, [{ type: "text", text: "Hello Ada!!!" }]);

    const add = (await client.callTool({ name: "add", arguments: { a: 2.5, b: 4 } })) as CallResult;
    assert.deepEqual(add.content, [{ type: "text", text: "6.5" }]);
    assert.deepEqual(add.structuredContent, { Sum: 6.5 });

    const data = Buffer.from("quiet words").toString("base64");
    const shout = (await client.callTool({
      name: "shout",
      arguments: { file: `data:text/plain;base64,${data}` },
    })) as CallResult;
    assert.equal(shout.isError ?? false, false, JSON.stringify(shout));
    const url = shout.content[0]!.text!;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/gradio_api\/file=.*shout\.txt$/);
    assert.equal(await (await fetch(url)).text(), "QUIET WORDS");
    // A file URL of the app itself is accepted as input too (and bare base64).
    const again = (await client.callTool({ name: "shout", arguments: { file: url } })) as CallResult;
    assert.equal(await (await fetch(again.content[0]!.text!)).text(), "QUIET WORDS");
    const bare = (await client.callTool({
      name: "shout",
      arguments: { file: Buffer.from("abc").toString("base64") },
    })) as CallResult;
    assert.equal(await (await fetch(bare.content[0]!.text!)).text(), "ABC");

    const square = (await client.callTool({ name: "square", arguments: { color: "green" } })) as CallResult;
    assert.match(square.content[0]!.text!, /square\.png$/);
    const image = square.content.find((c) => c.type === "image")!;
    assert.equal(image.mimeType, "image/png");
    assert.equal(Buffer.from(image.data!, "base64").subarray(1, 4).toString(), "PNG");

    const progress: { progress: number; total?: number; message?: string }[] = [];
    const count = (await client.callTool({ name: "count", arguments: { upTo: 3 } }, undefined, {
      onprogress: (p) => progress.push(p),
    })) as CallResult;
    assert.deepEqual(count.content, [{ type: "text", text: "step 3 of 3" }]);
    assert.ok(progress.length >= 3, `progress notifications: ${JSON.stringify(progress)}`);
    assert.ok(progress.some((p) => p.message?.includes("step 2 of 3")));

    const refuse = (await client.callTool({ name: "refuse", arguments: { name: "Bob" } })) as CallResult;
    assert.equal(refuse.isError, true);
    assert.deepEqual(refuse.content, [{ type: "text", text: "No greeting for Bob" }]);

    const bad = (await client.callTool({ name: "greet", arguments: { name: "Ada", volume: 3 } })) as CallResult;
    assert.equal(bad.isError, true);
    assert.match(bad.content[0]!.text!, /Unknown argument: volume/);
    await client.close();
  });

  test("a role-restricted endpoint is no tool without the role, and one with an admin token", async () => {
    const anonymous = await connect(server.url);
    await assert.rejects(anonymous.callTool({ name: "secret", arguments: { word: "x" } }), /Unknown tool: secret/);
    await anonymous.close();

    const admin = await connect(server.url, { authorization: `Bearer ${adminToken}` });
    const names = (await admin.listTools()).tools.map((t) => t.name);
    assert.ok(names.includes("secret"));
    const result = (await admin.callTool({ name: "secret", arguments: { word: "hi" } })) as CallResult;
    assert.deepEqual(result.content, [{ type: "text", text: "admin says hi" }]);
    await admin.close();

    const refused = await fetch(`${server.url}/gradio_api/mcp/`, {
      method: "POST",
      headers: {
        authorization: "Bearer gts_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: "{}",
    });
    assert.equal(refused.status, 401);
  });

  test("the SSE transport lists and calls tools too", async () => {
    const client = await connect(server.url, {}, "sse");
    const { tools } = await client.listTools();
    assert.ok(tools.some((t) => t.name === "greet"));
    const result = (await client.callTool({ name: "greet", arguments: { name: "Sse" } })) as CallResult;
    assert.deepEqual(result.content, [{ type: "text", text: "Hello Sse!" }]);
    await client.close();
  });

  test("the Python mcp client lists and calls the tools (Streamable HTTP and SSE)", { timeout: 120_000 }, async (t) => {
    const python = await pythonWithApiTools();
    if (!python) return t.skip("Python mcp client unavailable (no PyPI?)");
    const script = `
import asyncio, json, sys, base64
from mcp import ClientSession
from mcp.client.streamable_http import streamablehttp_client
from mcp.client.sse import sse_client

async def run(session):
    await session.initialize()
    tools = {t.name: t for t in (await session.list_tools()).tools}
    greet = await session.call_tool("greet", {"name": "Py", "times": 2})
    add = await session.call_tool("add", {"a": 1, "b": 2})
    shout = await session.call_tool("shout", {"file": "data:text/plain;base64," + base64.b64encode(b"py file").decode()})
    count = await session.call_tool("count", {"upTo": 2})
    refuse = await session.call_tool("refuse", {"name": "Eve"})
    return {
        "tools": sorted(tools),
        "times": tools["greet"].inputSchema["properties"]["times"],
        "greet": greet.content[0].text,
        "add": add.content[0].text,
        "shout": shout.content[0].text,
        "count": count.content[0].text,
        "refuse": [refuse.isError, refuse.content[0].text],
    }

async def main(url):
    async with streamablehttp_client(url + "/gradio_api/mcp/") as (read, write, _):
        async with ClientSession(read, write) as session:
            http = await run(session)
    async with sse_client(url + "/gradio_api/mcp/sse") as (read, write):
        async with ClientSession(read, write) as session:
            sse = await run(session)
    print(json.dumps({"http": http, "sse": sse}))

asyncio.run(main(sys.argv[1]))
`;
    const { stdout } = await runPythonScript(python, script, [server.url], 90_000);
    const result = lastJsonLine(stdout) as Record<"http" | "sse", Record<string, unknown>>;
    for (const transport of ["http", "sse"] as const) {
      const r = result[transport]!;
      assert.deepEqual(r.tools, ["add", "count", "greet", "refuse", "shout", "square"]);
      assert.equal((r.times as Record<string, unknown>).maximum, 5);
      assert.equal(r.greet, "Hello Py!!");
      assert.equal(r.add, "3");
      assert.equal(await (await fetch(r.shout as string)).text(), "PY FILE");
      assert.equal(r.count, "step 2 of 2");
      assert.deepEqual(r.refuse, [true, "No greeting for Eve"]);
    }
  });
});

describe("MCP server switch", () => {
  test("is off unless asked for", async () => {
    const server = await startServer(buildApiApp());
    try {
      assert.equal((await fetch(`${server.url}/gradio_api/mcp/`, { method: "POST" })).status, 404);
    } finally {
      await server.close();
    }
  });
});
