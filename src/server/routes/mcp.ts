/**
 * The MCP server (with `launch({ mcpServer: true })` or `GRADIO_MCP_SERVER=true`), on the official
 * @modelcontextprotocol/sdk: Streamable HTTP at `/gradio_api/mcp/` (stateless: each POST is answered on
 * its own, so any replica can serve it) and the older SSE transport at `/gradio_api/mcp/sse` with its
 * messages posted to `/gradio_api/mcp/messages/`. The security hooks have run before these handlers, so
 * sign-in, API tokens, roles and rate limits apply as on every other route.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import { callTool, toolsFor } from "../../mcp/tools.js";
import type { Runtime } from "../runtime.js";

const VERSION = "0.1.0";

/** One MCP server speaking for one HTTP caller: the tools it lists and runs are those `request`'s user may use. */
function mcpServerFor(runtime: Runtime, request: FastifyRequest): Server {
  const server = new Server(
    { name: runtime.app.options.title ?? "gradio-ts app", version: VERSION },
    { capabilities: { tools: {} } },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: toolsFor(runtime, request.gradioUser).map((entry) => entry.descriptor),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (call, extra) => {
    const entry = toolsFor(runtime, request.gradioUser).find((e) => e.descriptor.name === call.params.name);
    if (!entry) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${call.params.name}`);
    const progressToken = call.params._meta?.progressToken;
    const progress =
      progressToken === undefined
        ? undefined
        : (done: number, total: number | undefined, message: string | undefined) => {
            void extra
              .sendNotification({
                method: "notifications/progress",
                params: {
                  progressToken,
                  progress: done,
                  ...(total === undefined ? {} : { total }),
                  ...(message ? { message } : {}),
                },
              })
              .catch(() => undefined);
          };
    return callTool(runtime, request, entry, (call.params.arguments ?? {}) as Record<string, unknown>, {
      signal: extra.signal,
      ...(progress ? { progress } : {}),
    });
  });
  return server;
}

export const mcpRoutes =
  (runtime: Runtime): FastifyPluginAsync =>
  async (fastify) => {
    // --- Streamable HTTP, stateless ---
    const streamable = async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.method !== "POST") {
        return reply
          .code(405)
          .header("allow", "POST")
          .send({
            jsonrpc: "2.0",
            error: {
              code: -32000,
              message: "Method not allowed: this MCP server is stateless; POST JSON-RPC messages here.",
            },
            id: null,
          });
      }
      const server = mcpServerFor(runtime, request);
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      reply.hijack();
      reply.raw.on("close", () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(request.raw, reply.raw, request.body);
    };
    for (const url of ["/gradio_api/mcp", "/gradio_api/mcp/"])
      fastify.route({ method: ["GET", "POST", "DELETE"], url, handler: streamable });

    // --- SSE (the 2024-11-05 transport) ---
    const sessions = new Map<string, { transport: SSEServerTransport; username: string | null }>();
    const openSse = async (request: FastifyRequest, reply: FastifyReply) => {
      const base = new URL(runtime.rootUrl(request, "/gradio_api/mcp/sse")).pathname.replace(/\/$/, "");
      const transport = new SSEServerTransport(`${base}/gradio_api/mcp/messages/`, reply.raw);
      const server = mcpServerFor(runtime, request);
      reply.hijack();
      sessions.set(transport.sessionId, { transport, username: request.gradioUser?.username ?? null });
      // Proxies close quiet streams: a comment line every 15 s keeps this one open.
      const keepAlive = setInterval(() => reply.raw.write(": keep-alive\n\n"), 15_000);
      reply.raw.on("close", () => {
        clearInterval(keepAlive);
        sessions.delete(transport.sessionId);
        void server.close();
      });
      await server.connect(transport);
    };
    fastify.get("/gradio_api/mcp/sse", openSse);
    fastify.get("/gradio_api/mcp/sse/", openSse);

    const postMessage = async (request: FastifyRequest, reply: FastifyReply) => {
      const sessionId = (request.query as { sessionId?: string }).sessionId ?? "";
      const session = sessions.get(sessionId);
      if (!session) return reply.code(404).send({ detail: "Unknown MCP session: open /gradio_api/mcp/sse first." });
      // The messages of a session are its opener's: another identity may not speak in it.
      if ((request.gradioUser?.username ?? null) !== session.username)
        return reply.code(403).send({ detail: "This MCP session belongs to another user." });
      reply.hijack();
      await session.transport.handlePostMessage(request.raw, reply.raw, request.body);
    };
    const messagesQuery = { type: "object", properties: { sessionId: { type: "string", maxLength: 128 } } } as const;
    fastify.post("/gradio_api/mcp/messages", { schema: { querystring: messagesQuery } }, postMessage);
    fastify.post("/gradio_api/mcp/messages/", { schema: { querystring: messagesQuery } }, postMessage);

    // Print the MCP URL beside the app's (launch prints its own line right after listen resolves).
    fastify.addHook("onListen", async () => {
      if (runtime.options.quiet) return;
      const address = fastify.server.address();
      if (!address || typeof address !== "object") return;
      const host =
        address.address === "0.0.0.0" || address.address === "::"
          ? "127.0.0.1"
          : address.family === "IPv6"
            ? `[${address.address}]`
            : address.address;
      const scheme = runtime.options.sslCertfile ? "https" : "http";
      setImmediate(() =>
        console.log(
          `* MCP server (Streamable HTTP): ${scheme}://${host}:${address.port}/gradio_api/mcp/\n* MCP server (SSE):             ${scheme}://${host}:${address.port}/gradio_api/mcp/sse`,
        ),
      );
    });
  };
