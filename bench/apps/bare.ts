// The floor: the same echo fn behind a bare node:http route, with no framework around it.
import { createServer } from "node:http";

const echo = (text: string) => text;

createServer((request, response) => {
  if (request.method === "POST" && request.url === "/echo") {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk));
    request.on("end", () => {
      const { data } = JSON.parse(body) as { data: [string] };
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ data: [echo(data[0])] }));
    });
    return;
  }
  response.writeHead(200, { "content-type": "application/json" });
  response.end("{}");
}).listen(Number(process.env.BENCH_PORT), "127.0.0.1", () => console.log("ready"));
