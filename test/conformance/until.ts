/**
 * Browser-step helper for the conformance demos: both pages update asynchronously, so a step reads a
 * visible value until it is the expected one, and returns the last reading either way (a mismatch then
 * shows up as a readable difference between the two pages instead of a bare timeout).
 */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined as T);
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
