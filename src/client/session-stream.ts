/**
 * The one `GET queue/data?session_hash=` stream a session shares between all its events (sse_v3):
 * opened after a join, messages routed by `event_id`, closed by the server with `close_stream` once
 * nothing is pending, and reopened by the next join.
 */
import type { QueueMessage } from "../protocol/messages.js";
import { parseQueueMessage, readEventData } from "../protocol/sse.js";
import type { FetchLike } from "./types.js";

export interface EventListener {
  /** A message for this event, or one for every event (`event_id: null`, e.g. `unexpected_error`). */
  onMessage(message: QueueMessage): void;
  /** The stream broke and could not be reopened. */
  onBroken(reason: string): void;
}

const RETRY_DELAY_MS = 300;
const MAX_RETRIES = 3;

export class SessionStream {
  readonly #url: string;
  readonly #fetch: FetchLike;
  readonly #headers: Record<string, string>;
  readonly #listeners = new Map<string, EventListener>();
  /** Messages that arrived before their join answered: the stream may already be open for another event. */
  readonly #early = new Map<string, QueueMessage[]>();
  /** Events already done here (e.g. cancelled): their late messages are dropped, not kept as early. */
  readonly #forgotten = new Set<string>();
  #reading: AbortController | null = null;
  #failures = 0;
  #closed = false;

  constructor(url: string, fetch: FetchLike, headers: Record<string, string>) {
    this.#url = url;
    this.#fetch = fetch;
    this.#headers = headers;
  }

  /** Starts routing an event's messages to `listener`; opens the stream if it is not open. */
  listen(eventId: string, listener: EventListener): void {
    this.#listeners.set(eventId, listener);
    const early = this.#early.get(eventId);
    this.#early.delete(eventId);
    for (const message of early ?? []) listener.onMessage(message);
    if (this.#listeners.has(eventId)) this.#open();
  }

  forget(eventId: string): void {
    this.#listeners.delete(eventId);
    this.#forgotten.add(eventId);
  }

  close(): void {
    this.#closed = true;
    this.#reading?.abort();
    this.#reading = null;
    this.#listeners.clear();
    this.#early.clear();
  }

  #open(): void {
    if (this.#reading || this.#closed) return;
    const controller = new AbortController();
    this.#reading = controller;
    void this.#read(controller);
  }

  async #read(controller: AbortController): Promise<void> {
    let closedByServer = false;
    let failure = "Connection to the server was lost.";
    try {
      const response = await this.#fetch(this.#url, {
        headers: { ...this.#headers, Accept: "text/event-stream" },
        signal: controller.signal,
      });
      if (!response.ok || !response.body) {
        failure = `The server refused the event stream (HTTP ${response.status}).`;
        this.#failures = MAX_RETRIES;
      } else {
        for await (const data of readEventData(response.body)) {
          this.#failures = 0;
          const message = parseQueueMessage(data);
          if (!message) continue;
          if (message.msg === "close_stream") {
            closedByServer = true;
            break;
          }
          this.#dispatch(message);
        }
      }
    } catch (error) {
      if (controller.signal.aborted) return;
      failure = `Connection errored out: ${(error as Error).message}`;
    }
    if (this.#reading === controller) this.#reading = null;
    controller.abort();
    if (this.#closed || this.#listeners.size === 0) return;
    // Events still pending: the server closed just before our join registered, or the connection dropped.
    if (closedByServer) return this.#open();
    if (++this.#failures <= MAX_RETRIES) {
      setTimeout(() => this.#open(), RETRY_DELAY_MS * this.#failures);
      return;
    }
    this.#failures = 0;
    for (const listener of [...this.#listeners.values()]) listener.onBroken(failure);
  }

  #dispatch(message: QueueMessage): void {
    if (message.msg === "heartbeat") return;
    if (!message.event_id) {
      for (const listener of [...this.#listeners.values()]) listener.onMessage(message);
      return;
    }
    const listener = this.#listeners.get(message.event_id);
    if (listener) return listener.onMessage(message);
    if (this.#forgotten.has(message.event_id)) return;
    const early = this.#early.get(message.event_id) ?? [];
    early.push(message);
    this.#early.set(message.event_id, early);
  }
}
