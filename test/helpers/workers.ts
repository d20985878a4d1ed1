/** Calls for the worker-thread tests: Gradio's queue protocol (join, then the session's stream) over real HTTP. */
import path from "node:path";
import { postJson, readSse } from "./server.js";

export const WORKER_FIXTURES = path.resolve(import.meta.dirname, "..", "fixtures", "workers");

export type Message = Record<string, unknown> & { msg: string };

/** Joins the queue and reads the session's whole stream (it closes when the session has nothing left). */
export async function callQueue(
  url: string,
  fnIndex: number,
  data: unknown[],
  session: string,
  headers: Record<string, string> = {},
): Promise<{ eventId: string; messages: Message[] }> {
  const joined = await fetch(`${url}/gradio_api/queue/join`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ data, fn_index: fnIndex, session_hash: session }),
  });
  if (joined.status !== 200) throw new Error(`join failed: ${joined.status} ${await joined.text()}`);
  const { event_id: eventId } = (await joined.json()) as { event_id: string };
  const messages = (await readSse(await fetch(`${url}/gradio_api/queue/data?session_hash=${session}`))) as Message[];
  return { eventId, messages };
}

export const completed = (messages: Message[]): Message => {
  const found = messages.find((m) => m.msg === "process_completed");
  if (!found) throw new Error(`no process_completed in ${JSON.stringify(messages)}`);
  return found;
};

export const outputData = (messages: Message[]): unknown[] => (completed(messages).output as { data: unknown[] }).data;

/** One REST call (`POST /gradio_api/call/<name>` then its SSE GET): the event name and data of its end. */
export async function callRest(url: string, name: string, data: unknown[]): Promise<{ event: string; data: unknown }> {
  const posted = await postJson(`${url}/gradio_api/call/${name}`, { data });
  const { event_id: eventId } = posted.body as { event_id: string };
  const text = await (await fetch(`${url}/gradio_api/call/${name}/${eventId}`)).text();
  const match = /event: (complete|error)\ndata: (.*)/.exec(text);
  if (!match) throw new Error(`no end in ${text}`);
  return { event: match[1]!, data: JSON.parse(match[2]!) as unknown };
}
