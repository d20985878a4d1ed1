// Two replicas sharing one Redis: an event is its owner's. Another session's cancel, stream chunk or
// close, sent to either replica, changes nothing; the owner's own go through wherever they land; and
// the queue's maxSize holds when many callers join through both replicas at the same moment.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { ensureRedis, sseMessages, useReplicaPair } from "./helpers/redis.js";

const ready = ensureRedis();
const APP = fileURLToPath(new URL("./fixtures/owner-app.ts", import.meta.url));
const FN = { slow: 0, echo: 1 };
type Msg = { msg: string; event_id?: string | null; queue_size?: number; output?: { data?: unknown[] } };
const post = (url: string, body?: unknown) =>
  fetch(
    url,
    body === undefined
      ? { method: "POST" }
      : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
  );

/** Reads a session's stream until its last event completes. */
async function collect(url: string, sessionHash: string): Promise<Msg[]> {
  const seen: Msg[] = [];
  for await (const message of sseMessages(await fetch(`${url}/gradio_api/queue/data?session_hash=${sessionHash}`)))
    seen.push(message as Msg);
  return seen;
}
const completions = (seen: Msg[]) => seen.filter((m) => m.msg === "process_completed");

describe(
  "event owners across replicas sharing one Redis",
  { skip: ready ? false : "redis-server is not installed" },
  () => {
    const pair = useReplicaPair(APP, { GRADIO_REDIS_PREFIX: "owners", GRADIO_LOG_LEVEL: "warn" });

    const join = async (url: string, data: unknown[], fnIndex: number, session: string) => {
      const response = await post(`${url}/gradio_api/queue/join`, { data, fn_index: fnIndex, session_hash: session });
      assert.equal(response.status, 200, session);
      return ((await response.json()) as { event_id: string }).event_id;
    };
    const cancel = (url: string, session: string, eventId: string) =>
      post(`${url}/gradio_api/cancel`, { session_hash: session, fn_index: FN.slow, event_id: eventId });

    test(
      "a stranger's cancel through either replica is ignored: running and waiting events complete",
      { timeout: 60_000 },
      async () => {
        // One running on each replica (limit 1 each), the third waiting.
        const sessions = ["own-run-1", "own-run-2", "own-wait"];
        const events: string[] = [];
        for (const session of sessions) {
          events.push(await join(pair.A, ["2"], FN.slow, session));
          await sleep(300);
        }
        const streams = sessions.map((session) => collect(pair.B, session));
        for (const url of [pair.A, pair.B]) {
          for (const eventId of events) {
            const answer = await cancel(url, "stranger", eventId);
            assert.equal(answer.status, 200);
            assert.deepEqual(await answer.json(), { success: true });
          }
        }
        for (const seen of await Promise.all(streams)) {
          assert.equal(completions(seen).length, 1, JSON.stringify(seen));
          assert.deepEqual(completions(seen)[0]!.output?.data, ["slept 2"]);
        }
      },
    );

    test(
      "the owner's cancel through the other replica ends its running and its waiting event, and tells it",
      { timeout: 60_000 },
      async () => {
        const sessions = ["mine-run-1", "mine-run-2", "mine-wait"];
        const events: string[] = [];
        for (const session of sessions) {
          events.push(await join(pair.A, ["20"], FN.slow, session));
          await sleep(300);
        }
        const streams = sessions.map((session) => collect(pair.A, session));
        // The waiting event's cancel first: cancelling a running one frees its slot, and a waiting event
        // whose cancel had not landed yet would rightly start there.
        assert.equal((await cancel(pair.B, sessions[2]!, events[2]!)).status, 200);
        for (const answer of await Promise.all(
          sessions.slice(0, 2).map((session, i) => cancel(pair.B, session, events[i]!)),
        ))
          assert.equal(answer.status, 200);
        const [run1, run2, waiting] = await Promise.all(streams);
        for (const seen of [run1!, run2!]) {
          assert.deepEqual(
            seen.map((m) => m.msg),
            ["estimation", "process_starts", "process_completed", "close_stream"],
          );
          assert.deepEqual(completions(seen)[0]!.output, {});
        }
        assert.deepEqual(
          waiting!.map((m) => m.msg),
          ["estimation", "process_completed", "close_stream"],
        );
        assert.deepEqual(completions(waiting!)[0]!.output, {});
      },
    );

    test(
      "a stranger's stream chunk and close are refused on both replicas; the owner's stream goes on",
      { timeout: 30_000 },
      async () => {
        const session = "stream-owner";
        const eventId = await join(pair.A, ["first"], FN.echo, session);
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
          for (let i = 0; i < 200 && !seen.some((m) => String(m.output?.data?.[0]).startsWith(`${text}@`)); i++)
            await sleep(50);
          assert.ok(
            seen.some((m) => String(m.output?.data?.[0]).startsWith(`${text}@`)),
            `no answer to ${text}`,
          );
        };
        await answered("first");
        for (const url of [pair.A, pair.B]) {
          for (const [path, body] of [
            [`stream/${eventId}`, { data: ["intruder"], fn_index: FN.echo, session_hash: "stranger" }],
            [`stream/${eventId}`, { data: ["intruder"], fn_index: FN.echo }],
            [`stream/${eventId}/close`, { session_hash: "stranger" }],
            [`stream/${eventId}/close`, undefined],
          ] as const) {
            const refused = await post(`${url}/gradio_api/${path}`, body);
            assert.equal(refused.status, 404, `${url} ${path}`);
            assert.match(((await refused.json()) as { detail: string }).detail, /No running stream event/);
          }
        }
        assert.equal(
          (
            await post(`${pair.B}/gradio_api/stream/${eventId}`, {
              data: ["mine"],
              fn_index: FN.echo,
              session_hash: session,
            })
          ).status,
          200,
        );
        await answered("mine");
        assert.ok(!seen.some((m) => m.msg === "process_completed"), "still running after the stranger's close");
        assert.equal(
          (await post(`${pair.B}/gradio_api/stream/${eventId}/close`, { session_hash: session })).status,
          200,
        );
        await reading;
        assert.match(String(completions(seen)[0]!.output?.data?.[0]), /^mine@/);
        assert.ok(!seen.some((m) => String(m.output?.data?.[0]).startsWith("intruder")));
      },
    );

    test(
      "60 joins at once through both replicas with maxSize 5: no more than 5 ever wait, the rest get Gradio's 503",
      { timeout: 90_000 },
      async () => {
        const burstStart = Date.now();
        const answers = await Promise.all(
          Array.from({ length: 60 }, async (_, i) => {
            const response = await post(`${i % 2 ? pair.B : pair.A}/gradio_api/queue/join`, {
              data: ["3"],
              fn_index: FN.slow,
              session_hash: `burst-${i}`,
            });
            return {
              session: `burst-${i}`,
              status: response.status,
              body: (await response.json()) as { event_id?: string; detail?: string },
            };
          }),
        );
        const burstSeconds = (Date.now() - burstStart) / 1000;
        const accepted = answers.filter((a) => a.status === 200);
        const refused = answers.filter((a) => a.status !== 200);
        for (const answer of refused) {
          assert.equal(answer.status, 503);
          assert.match(answer.body.detail ?? "", /^Queue is full\. Max size is 5 and size is \d+\.$/);
        }
        // Each accepted event's first message gives the line as it joined it: never more than 5 waiting.
        const streams = await Promise.all(accepted.map((a) => collect(pair.A, a.session)));
        for (const seen of streams) {
          assert.ok((seen[0]!.queue_size ?? 0) <= 5, JSON.stringify(seen[0]));
          assert.deepEqual(completions(seen)[0]!.output?.data, ["slept 3"]);
        }
        // 5 waiting plus what the two slots (one per replica, 3 s per event) took while the callers joined.
        const startedMeanwhile = 2 * Math.ceil(burstSeconds / 3);
        assert.ok(
          accepted.length >= 5 && accepted.length <= 5 + startedMeanwhile,
          `accepted ${accepted.length} in ${burstSeconds} s`,
        );
        // Once the line has drained, the queue takes events again.
        await join(pair.B, ["0"], FN.slow, "burst-after");
        assert.deepEqual(completions(await collect(pair.A, "burst-after"))[0]!.output?.data, ["slept 0"]);
      },
    );
  },
);
