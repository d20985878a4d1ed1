/**
 * HTTP/2 (served whenever TLS is on) keeps sessions open between requests. Node 20's HTTP/2 server
 * cannot close them on `server.close()`, so a closing app would wait for their idle timeout: this
 * tracks the sessions and ends them when the app closes (GOAWAY first, then destroy after `graceMs`).
 */
import type { Http2Session } from "node:http2";
import type { FastifyInstance } from "fastify";

export function closeHttp2SessionsOnClose(fastify: FastifyInstance, graceMs = 500): void {
  const sessions = new Set<Http2Session>();
  fastify.server.on("session", (session: Http2Session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
  });
  fastify.addHook("preClose", async () => {
    for (const session of sessions) session.close();
    const timer = setTimeout(() => {
      for (const session of sessions) session.destroy();
    }, graceMs);
    timer.unref();
  });
}
