// Request schemas compile at a route's first request, not at start; what each route accepts and
// refuses stays what Fastify's own compiler (its Ajv options, formats, header names) made of it.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Ajv } from "ajv";
import type { FastifyInstance } from "fastify";
import * as gr from "gradio-ts";
import { compiledOnFirstUse } from "../src/server/lazy-validation.js";

describe("a validate function compiled at its first use", () => {
  test("compiles once, at the first call, and hands on its answer and its errors", () => {
    const ajv = new Ajv();
    const schema = { type: "object", required: ["name"], properties: { name: { type: "string" } } };
    let compiles = 0;
    const validate = compiledOnFirstUse(schema, () => {
      compiles += 1;
      return ajv.compile(schema);
    });
    assert.equal(compiles, 0, "nothing compiled before the first use");
    assert.equal(validate.schema, schema);
    assert.equal(validate({ name: 1 }), false);
    assert.equal(compiles, 1);
    assert.equal(validate.errors?.[0]?.instancePath, "/name");
    assert.equal(validate({ name: "Ada" }), true);
    assert.equal(validate.errors, null);
    assert.ok(validate.schemaEnv, "the compiled schema's environment, which Fastify reads");
    assert.equal(compiles, 1, "compiled once");
  });
});

describe("routes on the app's Fastify instance validate as Fastify's compiler would", () => {
  let fastify: FastifyInstance;
  let url = "";
  let cacheDir = "";
  before(async () => {
    cacheDir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-lazy-validation-"));
    const demo = new gr.Interface({ fn: (name: string) => `Hello ${name}`, inputs: "text", outputs: "text" });
    fastify = await demo.app({ quiet: true, logLevel: "silent", cacheDir });
    fastify.addSchema({ $id: "person", type: "object", required: ["name"], properties: { name: { type: "string" } } });
    const ok = async () => ({ ok: true });
    const echoQuery = async (request: { query: unknown }) => request.query;
    fastify.post("/one", { schema: { body: { $ref: "person#" } } }, ok);
    fastify.post("/two", { schema: { body: { $ref: "person#" } } }, ok);
    // A schema with an $id of its own, written out twice: Fastify's compiler uses the first one compiled.
    const pet = () => ({ $id: "pet", type: "object", required: ["species"] });
    fastify.post("/pet-one", { schema: { body: pet() } }, ok);
    fastify.post("/pet-two", { schema: { body: pet() } }, ok);
    fastify.get("/token", { schema: { headers: { type: "object", required: ["X-Token"] } } }, ok);
    fastify.get(
      "/typed",
      {
        schema: {
          querystring: {
            type: "object",
            properties: { n: { type: "integer" }, email: { type: "string", format: "email" } },
          },
        },
      },
      echoQuery,
    );
    url = await fastify.listen({ port: 0, host: "127.0.0.1" });
  });
  after(async () => {
    await fastify.close();
    await rm(cacheDir, { recursive: true, force: true });
  });

  const post = (route: string, body: unknown) =>
    fetch(`${url}${route}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  test("routes sharing a schema by $id, the second asked first, refuse and accept alike", async () => {
    for (const route of ["/pet-two", "/pet-one"]) {
      assert.equal((await post(route, {})).status, 422, route);
      assert.equal((await post(route, { species: "cat" })).status, 200, route);
    }
    for (const route of ["/two", "/one"]) {
      const refused = await post(route, { age: 5 });
      assert.equal(refused.status, 422, route);
      assert.match(JSON.stringify(await refused.json()), /"loc":\["body","name"\],"msg":"Field required"/, route);
      assert.equal((await post(route, { name: "Ada" })).status, 200, route);
    }
  });

  test("header names in a schema match whatever their case (Fastify lower-cases them)", async () => {
    assert.equal((await fetch(`${url}/token`)).status, 422);
    assert.equal((await fetch(`${url}/token`, { headers: { "x-token": "t" } })).status, 200);
  });

  test("query strings are coerced to the schema's types, and formats are checked", async () => {
    const typed = await fetch(`${url}/typed?n=3&email=ada%40example.com`);
    assert.deepEqual(await typed.json(), { n: 3, email: "ada@example.com" });
    const badEmail = await fetch(`${url}/typed?email=not-an-address`);
    assert.equal(badEmail.status, 422);
    assert.match(JSON.stringify(await badEmail.json()), /must match format \\"email\\"/);
  });
});
