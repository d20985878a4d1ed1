// The OpenAPI document at /gradio_api/openapi.json: valid (checked by a maintained validator), true to
// the routes (the REST call routes answer as documented) and fuzzed by schemathesis against a real server.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { Validator } from "@seriousme/openapi-schema-validator";
import { buildApiApp } from "./api-app.js";
import { pythonWithApiTools } from "./api-python.js";
import { postJson, startServer, type TestServer } from "./helpers/server.js";

const run = promisify(execFile);

interface OpenApiDoc {
  openapi: string;
  paths: Record<
    string,
    Record<string, { requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } }>
  >;
  components: { schemas: Record<string, unknown> };
}

describe("OpenAPI document", () => {
  let server: TestServer;
  let doc: OpenApiDoc;

  before(async () => {
    server = await startServer(buildApiApp());
    const response = await fetch(`${server.url}/gradio_api/openapi.json`);
    assert.equal(response.status, 200);
    doc = (await response.json()) as OpenApiDoc;
  });
  after(async () => server.close());

  test("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as unknown as Parameters<Validator["validate"]>[0]);
    assert.deepEqual(result.errors ?? [], [], JSON.stringify(result.errors, null, 2));
    assert.equal(result.valid, true);
    assert.equal(validator.version, "3.1");
  });

  test("describes every public endpoint's call routes, upload and file download (and hides the role-restricted one)", () => {
    const paths = Object.keys(doc.paths);
    for (const api of ["greet", "add", "count", "refuse", "shout", "square"]) {
      assert.ok(paths.includes(`/gradio_api/call/${api}`), api);
      assert.ok(paths.includes(`/gradio_api/call/v2/${api}`), api);
      assert.ok(paths.includes(`/gradio_api/call/${api}/{event_id}`), api);
    }
    assert.ok(paths.includes("/gradio_api/upload"));
    assert.ok(paths.includes("/gradio_api/file={path}"));
    assert.ok(
      !paths.some((p) => p.includes("secret")),
      "an endpoint needing a role is not listed for an anonymous caller",
    );
    const v2 = doc.paths["/gradio_api/call/v2/greet"]!.post!.requestBody!.content["application/json"]!.schema;
    assert.deepEqual(v2.required, ["name"]);
    assert.deepEqual((v2.properties as Record<string, Record<string, unknown>>).times, {
      anyOf: [
        { type: "number", minimum: 1, maximum: 5, description: "numeric value between 1 and 5" },
        { type: "null" },
      ],
      description: "numeric value between 1 and 5",
      title: "Times",
      default: 1,
    });
    const positional = doc.paths["/gradio_api/call/shout"]!.post!.requestBody!.content["application/json"]!.schema;
    const data = (positional.properties as Record<string, Record<string, unknown>>).data!;
    assert.equal(data.minItems, 1);
    const file = ((data.prefixItems as Record<string, unknown>[])[0]!.anyOf as Record<string, unknown>[])[0]!;
    assert.equal(file.title, "FileData");
    assert.deepEqual((file.properties as Record<string, unknown>).meta, { $ref: "#/components/schemas/FileDataMeta" });
    assert.ok(doc.components.schemas.FileDataMeta, "nested $defs are lifted into components.schemas");
  });

  test("call/v2 takes named inputs, fills defaults, refuses unknown names", async () => {
    const posted = await postJson(`${server.url}/gradio_api/call/v2/greet`, { name: "Ada" });
    assert.equal(posted.status, 200);
    const eventId = (posted.body as { event_id: string }).event_id;
    const stream = await (await fetch(`${server.url}/gradio_api/call/v2/greet/${eventId}`)).text();
    assert.match(stream, /event: complete\ndata: \["Hello Ada!"\]/);

    const unknown = await postJson(`${server.url}/gradio_api/call/v2/greet`, { name: "Ada", volume: 11 });
    assert.equal(unknown.status, 422);
    assert.equal((unknown.body as { detail: { loc: string[] }[] }).detail[0]!.loc[1], "volume");
    const missing = await postJson(`${server.url}/gradio_api/call/v2/greet`, { times: 2 });
    assert.equal(missing.status, 422);
  });

  test("schemathesis finds no server error and no answer outside the document", { timeout: 240_000 }, async (t) => {
    const python = await pythonWithApiTools();
    if (!python) return t.skip("schemathesis could not be installed (no PyPI?)");
    const cli = path.join(path.dirname(python), "schemathesis");
    // 414 and 431 (a path or header longer than the HTTP server takes) are refusals too.
    const dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-schemathesis-"));
    const config = path.join(dir, "schemathesis.toml");
    await writeFile(
      config,
      '[checks.negative_data_rejection]\nexpected-statuses = ["400", "401", "403", "404", "405", "406", "409", "413", "414", "415", "422", "428", "429", "431"]\n',
    );
    const args = [
      "--config-file",
      config,
      "run",
      `${server.url}/gradio_api/openapi.json`,
      "--checks",
      "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance,negative_data_rejection",
      "--max-examples",
      "20",
      "--max-time",
      "45",
      "--request-timeout",
      "10",
      "--seed",
      "1",
      "--workers",
      "2",
      "--no-color",
      "--suppress-health-check",
      "all",
    ];
    let stdout = "";
    let code = 0;
    try {
      // Run in the temp folder: schemathesis and hypothesis keep their databases in the working directory.
      ({ stdout } = await run(cli, args, {
        cwd: dir,
        timeout: 200_000,
        maxBuffer: 32 * 1024 * 1024,
        env: { ...process.env, NO_PROXY: "127.0.0.1", SCHEMATHESIS_HOOKS: "" },
      }));
    } catch (error) {
      const failed = error as { stdout?: string; code?: number };
      stdout = failed.stdout ?? String(error);
      code = typeof failed.code === "number" ? failed.code : 1;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const summaryStart = stdout.lastIndexOf("SUMMARY");
    console.log(
      `\n--- schemathesis summary ---\n${(summaryStart >= 0 ? stdout.slice(summaryStart) : stdout.slice(-4000)).trim()}\n---\n`,
    );
    assert.equal(code, 0, stdout.slice(-8000));
    // The server still serves afterwards.
    const after = await postJson(`${server.url}/gradio_api/call/v2/add`, { a: 2, b: 3 });
    assert.equal(after.status, 200);
    const stream = await (
      await fetch(`${server.url}/gradio_api/call/add/${(after.body as { event_id: string }).event_id}`)
    ).text();
    assert.match(stream, /event: complete\ndata: \[5\]/);
  });
});
