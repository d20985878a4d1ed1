// Type tests for the typed client: `npm run typecheck` compiles this file; every `@ts-expect-error`
// line must fail to compile, or the check itself fails. Nothing here runs.
import { Client, type ApiTypes } from "gradio-ts/client";
import * as gr from "gradio-ts";
import { buildApiApp, count, greet } from "../api-app.js";

export async function typedCalls(url: string) {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- only its type is used: it types the client
  const demo = gr.typedEndpoints(buildApiApp(), { greet, count });
  const client = await Client.connect<typeof demo>(url);

  const hello = await client.predict("/greet", ["Ada", 2]);
  const text: string = hello.data[0];
  await client.predict("greet", ["Ada", 2]);

  // @ts-expect-error: an unknown endpoint
  await client.predict("/greeet", ["Ada", 2]);
  // @ts-expect-error: a number where the fn takes a string
  await client.predict("/greet", [42, 2]);
  // @ts-expect-error: a string where the fn takes a number
  await client.predict("/greet", ["Ada", "twice"]);
  // @ts-expect-error: an argument missing
  await client.predict("/greet", ["Ada"]);
  // @ts-expect-error: the result is a string, not a number
  const wrong: number = hello.data[0];

  // Generators: the result is what the fn yields; the event context is not an argument.
  const job = client.submit("/count", [3]);
  for await (const event of job) if (event.type === "status" && event.stage === "complete") break;
  const last: string = (await job.result).data[0];
  // @ts-expect-error: count takes a number
  client.submit("/count", ["three"]);

  // An app known only by its API (e.g. a Python Gradio app): the types are written by hand.
  const twin = await Client.connect<ApiTypes<{ reverse: { args: [string]; result: [string] } }>>(url);
  const reversed: string = (await twin.predict("/reverse", ["abc"])).data[0];
  // @ts-expect-error: not an endpoint of the twin
  await twin.predict("/greet", ["x", 1]);

  // Without types, the client takes anything (as before).
  const loose = await Client.connect(url);
  await loose.predict("/anything", [1, "two"]);
  return [text, wrong, last, reversed];
}
