// Streaming inputs with several replicas: the event runs on one replica, the browser's next chunks and
// the end of the stream may reach another, which hands them on through Redis.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { describe, test } from "node:test";
import { ensureRedis, sseMessages, useReplicaPair } from "./helpers/redis.js";

const ready = ensureRedis();
const APP = fileURLToPath(new URL("./fixtures/stream-app.ts", import.meta.url));
type Msg = { msg: string; event_id?: string | null; output?: { data?: unknown[] } };
const post = (url: string, body?: unknown) =>
  fetch(
    url,
    body === undefined
      ? { method: "POST" }
      : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
  );

describe(
  "stream events across replicas sharing one Redis",
  { skip: ready ? false : "redis-server is not installed" },
  () => {
    const pair = useReplicaPair(APP, { GRADIO_REDIS_PREFIX: "stream" });

    test(
      "chunks posted to both replicas all reach the running event; a close through either ends it",
      { timeout: 30_000 },
      async () => {
        const session = "stream-across";
        const joined = (await (
          await post(`${pair.A}/gradio_api/queue/join`, { data: ["first"], fn_index: 0, session_hash: session })
        ).json()) as { event_id: string };
        const seen: Msg[] = [];
        const reading = (async () => {
          for await (const message of sseMessages(
            await fetch(`${pair.A}/gradio_api/queue/data?session_hash=${session}`),
          )) {
            seen.push(message as Msg);
            if ((message as Msg).msg === "process_completed") return;
          }
        })();
        const answered = async (text: string) => {
          const deadline = Date.now() + 10_000;
          while (Date.now() < deadline) {
            const found = seen.find(
              (m) => m.msg === "process_streaming" && String(m.output?.data?.[0]).startsWith(`${text}@`),
            );
            if (found) return String(found.output!.data![0]).split("@")[1]!;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          assert.fail(`no answer to ${text}: ${JSON.stringify(seen)}`);
        };
        const runner = await answered("first");
        for (const [url, text] of [
          [pair.B, "via-b"],
          [pair.A, "via-a"],
          [pair.B, "via-b-again"],
        ] as const) {
          const response = await post(`${url}/gradio_api/stream/${joined.event_id}`, {
            data: [text],
            fn_index: 0,
            session_hash: session,
          });
          assert.equal(response.status, 200, text);
          assert.equal(await answered(text), runner, "the one running replica answered");
        }
        // Another session cannot feed this stream, on either replica.
        for (const url of [pair.A, pair.B])
          assert.equal(
            (
              await post(`${url}/gradio_api/stream/${joined.event_id}`, {
                data: ["intruder"],
                session_hash: "someone-else",
              })
            ).status,
            404,
          );
        // Nor end it: a close must name the owner's session.
        for (const url of [pair.A, pair.B]) {
          assert.equal((await post(`${url}/gradio_api/stream/${joined.event_id}/close`)).status, 404);
          assert.equal(
            (await post(`${url}/gradio_api/stream/${joined.event_id}/close`, { session_hash: "someone-else" })).status,
            404,
          );
        }
        const other = runner === pair.replicas[0]!.child.pid?.toString() ? pair.B : pair.A;
        assert.equal(
          (await post(`${other}/gradio_api/stream/${joined.event_id}/close`, { session_hash: session })).status,
          200,
        );
        await reading;
        const done = seen.find((m) => m.msg === "process_completed")!;
        assert.match(String(done.output?.data?.[0]), /^via-b-again@/);
        assert.ok(!seen.some((m) => String(m.output?.data?.[0]).startsWith("intruder")));
      },
    );
  },
);
