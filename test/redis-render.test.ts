// gr.render with several replicas: a session renders on one replica and its rendered events run on
// another, which rebuilds the session's tree from what Redis keeps; a re-render elsewhere wins.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { describe, test } from "node:test";
import { ensureRedis, sseMessages, useReplicaPair } from "./helpers/redis.js";

const ready = ensureRedis();
const APP = fileURLToPath(new URL("./fixtures/render-app.ts", import.meta.url));

interface RenderConfig {
  components: { id: number; type: string; key: string | number | null; props: Record<string, unknown> }[];
  dependencies: { id: number; api_name: string }[];
}
type Msg = {
  msg: string;
  success?: boolean;
  output?: { data?: unknown[]; error?: string | null; render_config?: RenderConfig | null };
};

let counter = 0;
async function run(
  url: string,
  sessionHash: string,
  fnIndex: number,
  data: unknown[],
): Promise<{ status: number; done?: Msg }> {
  const joined = await fetch(`${url}/gradio_api/queue/join`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ data, fn_index: fnIndex, session_hash: sessionHash }),
  });
  if (joined.status !== 200) return { status: joined.status };
  const seen: Msg[] = [];
  for await (const message of sseMessages(await fetch(`${url}/gradio_api/queue/data?session_hash=${sessionHash}`)))
    seen.push(message as Msg);
  return { status: 200, done: seen.find((m) => m.msg === "process_completed") };
}
const textboxes = (config: RenderConfig) => config.components.filter((c) => c.type === "textbox");

describe(
  "gr.render across replicas sharing one Redis",
  { skip: ready ? false : "redis-server is not installed" },
  () => {
    const pair = useReplicaPair(APP, { GRADIO_REDIS_PREFIX: "render" });

    test(
      "events rendered through one replica run through another, which rebuilds the same tree",
      { timeout: 30_000 },
      async () => {
        const session = `rr-${++counter}`;
        const rendered = await run(pair.A, session, 0, [3]);
        const config = rendered.done!.output!.render_config!;
        assert.equal(textboxes(config).length, 3);
        const third = config.dependencies[2]!;
        const pids = new Set<string>();
        for (const url of [pair.B, pair.A, pair.B]) {
          const { status, done } = await run(url, session, third.id, ["hi"]);
          assert.equal(status, 200);
          assert.equal(done!.success, true, JSON.stringify(done));
          const [value] = done!.output!.data as [string];
          assert.match(value, /^HI @\d+$/);
          pids.add(value.split("@")[1]!);
        }
        assert.equal(pids.size, 2, "both replicas ran the rendered event");
        const other = await run(pair.B, `rr-${++counter}`, third.id, ["hi"]);
        assert.equal(other.status, 404, "another session does not have it");
      },
    );

    test(
      "a re-render on another replica replaces the tree everywhere; keyed ids survive",
      { timeout: 30_000 },
      async () => {
        const session = `rr-${++counter}`;
        const first = (await run(pair.A, session, 0, [3])).done!.output!.render_config!;
        // pair.A has the first tree cached; the second render happens on pair.B.
        assert.equal((await run(pair.A, session, first.dependencies[0]!.id, ["x"])).status, 200);
        const second = (await run(pair.B, session, 0, [1])).done!.output!.render_config!;
        assert.equal(textboxes(second)[0]!.id, textboxes(first)[0]!.id, "key t0 keeps its id");
        for (const dependency of second.dependencies)
          assert.ok(!first.dependencies.some((d) => d.id === dependency.id), "new events, new ids");
        assert.equal(
          (await run(pair.A, session, first.dependencies[0]!.id, ["x"])).status,
          404,
          "A no longer runs the old event",
        );
        const fresh = await run(pair.A, session, second.dependencies[0]!.id, ["y"]);
        assert.match((fresh.done!.output!.data as [string])[0], /^Y @\d+$/);
      },
    );
  },
);
