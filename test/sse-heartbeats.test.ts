// Open event streams share one heartbeat timer: each open stream is beaten every interval, a closed one
// no more, and the timer starts again for the next stream once all were closed.
import assert from "node:assert/strict";
import { mock, test } from "node:test";
import { Heartbeats, type SseStream } from "../src/server/sse.js";

function stream(): SseStream & { close(): void } {
  const controller = new AbortController();
  return { write() {}, end() {}, signal: controller.signal, close: () => controller.abort() };
}

test("streams share one heartbeat timer; a closed stream stops beating", () => {
  mock.timers.enable({ apis: ["setInterval"] });
  try {
    const heartbeats = new Heartbeats(1000);
    const beats = { a: 0, b: 0 };
    const a = stream();
    const b = stream();
    heartbeats.add(a, () => beats.a++);
    heartbeats.add(b, () => beats.b++);
    mock.timers.tick(1000);
    mock.timers.tick(1000);
    assert.deepEqual(beats, { a: 2, b: 2 });
    a.close();
    mock.timers.tick(1000);
    assert.deepEqual(beats, { a: 2, b: 3 });
    b.close();
    mock.timers.tick(5000);
    assert.deepEqual(beats, { a: 2, b: 3 });
    const c = stream();
    let beatsOfC = 0;
    heartbeats.add(c, () => beatsOfC++);
    mock.timers.tick(1000);
    assert.equal(beatsOfC, 1);
    c.close();
  } finally {
    mock.timers.reset();
  }
});

test("a stream already closed is not beaten", () => {
  mock.timers.enable({ apis: ["setInterval"] });
  try {
    const heartbeats = new Heartbeats(1000);
    const closed = stream();
    closed.close();
    let beats = 0;
    heartbeats.add(closed, () => beats++);
    mock.timers.tick(3000);
    assert.equal(beats, 0);
  } finally {
    mock.timers.reset();
  }
});
