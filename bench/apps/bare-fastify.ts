// The start-up floor: a bare Fastify app answering GET /config with a small JSON document, started the
// way the gradio-ts CLI starts an app (TypeScript compiled on the fly by tsx).
import Fastify from "fastify";

const app = Fastify();
app.get("/config", async () => ({ version: "bare", components: [], dependencies: [] }));
await app.listen({ port: Number(process.env.BENCH_PORT), host: "127.0.0.1" });
console.log("ready");
