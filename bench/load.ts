/**
 * The load generator, run in its own process so it never shares a core's event loop with the server
 * under test. Speaks the protocol itself (a small SSE reader over fetch) because the official clients
 * add work of their own that would blur the server's figures.
 *
 * Usage: node --import tsx bench/load.ts '<json LoadSpec>'  → prints one JSON LoadResult.
 * Requests go through undici's `request` (the engine under Node's fetch, without the WHATWG stream
 * layers), so the generator costs as little as possible and the servers are what is measured.
 */
import { Agent, request, type Dispatcher } from "undici";
export type LoadMode = "rest" | "queue";

export interface LoadSpec {
  mode: LoadMode;
  base: string;
  api: string;
  fnIndex: number;
  concurrency: number;
  seconds: number;
  data: unknown[];
  /** Hard cap on events, so a slow contestant cannot make the run last forever. */
  maxEvents?: number;
}

export interface LoadResult {
  events: number;
  errors: number;
  seconds: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** The first error seen, to tell a refusal from a crash. */
  firstError?: string;
  /** How many errors of each kind ("status 429", "stream ended early", a socket error...). */
  errorKinds?: Record<string, number>;
}

/** Reads an SSE body until `done(block)` says the wanted message has arrived. */
export async function readUntil(response: Response, done: (block: string) => boolean): Promise<number> {
  if (!response.body) throw new Error(`no body (status ${response.status})`);
  const decoder = new TextDecoder();
  let buffer = "";
  let blocks = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done: ended, value } = await reader.read();
    if (ended) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      blocks++;
      if (done(block)) {
        void reader.cancel().catch(() => undefined);
        return blocks;
      }
    }
  }
  throw new Error("stream ended early");
}

const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

const dispatcher = new Agent({
  connections: null,
  keepAliveTimeout: 30_000,
  headersTimeout: 120_000,
  bodyTimeout: 120_000,
});

async function post(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await request(url, { ...json(body), method: "POST" as Dispatcher.HttpMethod, dispatcher });
  return { status: response.statusCode, body: await response.body.json() };
}

/** Reads an SSE body (undici) until `done(block)`; then drops the rest of the stream. */
async function readStreamUntil(url: string, done: (block: string) => boolean): Promise<void> {
  const response = await request(url, { dispatcher });
  if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`);
  let buffer = "";
  for await (const chunk of response.body) {
    buffer += (chunk as Buffer).toString("utf8");
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (done(block)) {
        response.body.destroy();
        return;
      }
    }
  }
  throw new Error("stream ended early");
}

async function oneEvent(spec: LoadSpec, worker: number, round: number): Promise<void> {
  if (spec.mode === "rest") {
    const posted = await post(`${spec.base}/gradio_api/call/${spec.api}`, { data: spec.data });
    if (posted.status !== 200) throw new Error(`status ${posted.status}`);
    const { event_id } = posted.body as { event_id: string };
    await readStreamUntil(
      `${spec.base}/gradio_api/call/${spec.api}/${event_id}`,
      (block) => block.startsWith("event: complete") || block.startsWith("event: error"),
    );
    return;
  }
  const session = `bench-${process.pid}-${worker}-${round}`;
  const joined = await post(`${spec.base}/gradio_api/queue/join`, {
    data: spec.data,
    fn_index: spec.fnIndex,
    session_hash: session,
  });
  if (joined.status !== 200) throw new Error(`status ${joined.status}`);
  await readStreamUntil(`${spec.base}/gradio_api/queue/data?session_hash=${session}`, (block) =>
    block.includes('"close_stream"'),
  );
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const errorKinds: Record<string, number> = {};
  const started = performance.now();
  const deadline = started + spec.seconds * 1000;
  const cap = spec.maxEvents ?? Number.POSITIVE_INFINITY;
  await Promise.all(
    Array.from({ length: spec.concurrency }, async (_, worker) => {
      for (let round = 0; performance.now() < deadline && latencies.length + errors < cap; round++) {
        const t0 = performance.now();
        try {
          await oneEvent(spec, worker, round);
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors++;
          const kind = (error as Error).message;
          firstError ??= kind;
          errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    events: latencies.length,
    errors,
    seconds,
    eventsPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    firstError,
    errorKinds,
  };
}

export interface UploadSpec {
  mode: "upload";
  base: string;
  /** Size of each file. */
  bytes: number;
  files: number;
  concurrency: number;
}

export interface UploadResult {
  stored: number;
  errors: number;
  seconds: number;
  megabytesPerSecond: number;
}

/** A multipart body generated on the fly, so a 1 GB upload needs no 1 GB anywhere on the client. */
function multipartStream(bytes: number, boundary: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const head = encoder.encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="bench.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
  const chunk = new Uint8Array(1024 * 1024).fill(97);
  let sent = -1;
  return new ReadableStream({
    pull(controller) {
      if (sent < 0) {
        controller.enqueue(head);
        sent = 0;
      } else if (sent < bytes) {
        const size = Math.min(chunk.length, bytes - sent);
        controller.enqueue(size === chunk.length ? chunk : chunk.subarray(0, size));
        sent += size;
      } else {
        controller.enqueue(tail);
        controller.close();
      }
    },
  });
}

export async function runUpload(spec: UploadSpec): Promise<UploadResult> {
  let stored = 0;
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: spec.concurrency }, async () => {
      while (next < spec.files) {
        next++;
        const boundary = `bench${Math.random().toString(16).slice(2)}`;
        try {
          const response = await fetch(`${spec.base}/gradio_api/upload`, {
            method: "POST",
            headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
            body: multipartStream(spec.bytes, boundary),
            duplex: "half",
          } as RequestInit);
          const paths = (await response.json()) as unknown;
          if (response.status === 200 && Array.isArray(paths) && paths.length === 1) stored++;
          else errors++;
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { stored, errors, seconds, megabytesPerSecond: (stored * spec.bytes) / 1024 / 1024 / seconds };
}

if (process.argv[2]) {
  const spec = JSON.parse(process.argv[2]) as LoadSpec | UploadSpec;
  if (spec.mode === "upload") runUpload(spec).then((result) => console.log(JSON.stringify(result)));
  else runLoad(spec).then((result) => console.log(JSON.stringify(result)));
}
