// The floor: the same echo fn behind bare node:http routes speaking the same two-step protocol as the
// REST call route (POST returns an event id, then a GET streams the result as SSE), with no framework,
// no queue, no validation and no security controls around it.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";

const echo = (text: string) => text;
const results = new Map<string, unknown[]>();
const CALL = "/gradio_api/call/echo";

createServer((request, response) => {
  if (request.method === "POST" && request.url === CALL) {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk));
    request.on("end", () => {
      const { data } = JSON.parse(body) as { data: [string] };
      const eventId = randomUUID();
      results.set(eventId, [echo(data[0])]);
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ event_id: eventId }));
    });
    return;
  }
  if (request.method === "GET" && request.url?.startsWith(`${CALL}/`)) {
    const eventId = request.url.slice(CALL.length + 1);
    const output = results.get(eventId);
    results.delete(eventId);
    response.writeHead(output ? 200 : 404, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    response.end(output ? `event: complete\ndata: ${JSON.stringify(output)}\n\n` : "");
    return;
  }
  response.writeHead(200, { "content-type": "application/json" });
  response.end("{}");
}).listen(Number(process.env.BENCH_PORT), "127.0.0.1", () => console.log("ready"));
