/**
 * Server-sent-events framing of the session stream, both ways: the frame the server writes and the
 * reader the client uses over a fetch body (so it needs neither EventSource, absent in Node and many
 * edge runtimes, nor a dependency). Pure: web-standard streams only, no I/O of its own.
 */
import { isQueueMessage, type QueueMessage } from "./messages.js";

/**
 * One SSE frame: exactly `data: <one-line JSON>\n\n`, the only framing Python's client accepts. Strict
 * JSON, as Gradio's own encoder writes it: NaN and ±Infinity become null (the REST route agrees).
 */
export function sseFrame(message: QueueMessage): string {
  return `data: ${JSON.stringify(message)}\n\n`;
}

/** Yields the `data` of each event of an SSE body. */
export async function* readEventData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      buffer = buffer.replace(/\r\n?/g, "\n");
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const data = dataOf(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (data !== null) yield data;
      }
      if (done) {
        const data = dataOf(buffer);
        if (data !== null) yield data;
        return;
      }
    }
  } finally {
    reader.releaseLock();
  }
}

/** The joined `data:` lines of one event block, or null if it has none (comments, `retry:` only). */
function dataOf(block: string): string | null {
  const lines = block.split("\n").filter((line) => line.startsWith("data:"));
  if (lines.length === 0) return null;
  return lines.map((line) => line.slice(line.startsWith("data: ") ? 6 : 5)).join("\n");
}

/**
 * The queue message one event's data holds, or null when it is not JSON or not a message this protocol
 * knows (a newer server's extra kinds are skipped, as Gradio's own clients skip them).
 */
export function parseQueueMessage(data: string): QueueMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  return isQueueMessage(value) ? value : null;
}
