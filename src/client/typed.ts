/**
 * Compile-time endpoint types for the client. An app carries them through `gr.typedEndpoints(demo,
 * { greet, count })` (checked at run time: each name must be an endpoint of `demo` running exactly that
 * fn), and `Client.connect<typeof demo>(url)` then knows each endpoint's name, arguments and results.
 * For an app whose code you do not have (e.g. a Python Gradio app) write the types yourself:
 * `Client.connect<ApiTypes<{ greet: { args: [string]; result: [string] } }>>(url)`.
 */
import type { Job, JobResult } from "./job.js";
import type { JobEvent } from "./types.js";
import type { FileData } from "../protocol/file-data.js";

export interface EndpointType {
  args: readonly unknown[];
  result: readonly unknown[];
}
export type EndpointMap = { [name: string]: EndpointType };

/** The phantom that carries endpoint types on an app value; nothing of it exists at run time. */
export interface TypedApp<E extends EndpointMap> {
  readonly __endpoints?: E;
}
export type ApiTypes<E extends EndpointMap> = TypedApp<E>;

/** What a caller may pass where the fn takes a string: the string itself, or (for file inputs) a Blob or FileData. */
export type ClientArg<T> = [T] extends [string] ? T | Blob | FileData : T extends string ? T | Blob | FileData : T;
type ClientArgs<A extends readonly unknown[]> = { [K in keyof A]: ClientArg<A[K]> };

/** A fn's parameters without the trailing event context (`{ request, progress, signal }`). */
type WithoutContext<P extends readonly unknown[]> = P extends readonly [...infer Rest, infer Last]
  ? Last extends { signal: AbortSignal; progress: unknown }
    ? Rest
    : P
  : P;
/** A fn's outputs: what it returns (or, for a generator, yields), as one value per output. */
type Yielded<R> =
  R extends AsyncGenerator<infer Y, unknown, unknown>
    ? Y
    : R extends Generator<infer Y, unknown, unknown>
      ? Y
      : Awaited<R>;
type AsOutputs<R> = R extends readonly unknown[] ? (number extends R["length"] ? [R] : R) : [R];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any fn may be an endpoint
type AnyFn = (...args: any[]) => unknown;
export type EndpointOf<F extends AnyFn> = {
  args: WithoutContext<Parameters<F>>;
  result: AsOutputs<Yielded<ReturnType<F>>>;
};
export type EndpointsOf<F extends Record<string, AnyFn>> = { [K in keyof F & string]: EndpointOf<F[K]> };

/** `"greet"` or `"/greet"`: both name the same endpoint. */
export type EndpointName<E extends EndpointMap> = (keyof E & string) | `/${keyof E & string}`;
type Bare<K extends string> = K extends `/${infer N}` ? N : K;
export type ArgsFor<E extends EndpointMap, K extends string> = ClientArgs<E[Bare<K>]["args"]>;
export type ResultFor<E extends EndpointMap, K extends string> = E[Bare<K>]["result"];

export interface TypedJobResult<R extends readonly unknown[]> extends Omit<JobResult, "data"> {
  data: R;
}
export type TypedJob<R extends readonly unknown[]> = Omit<Job, "result"> &
  AsyncIterable<JobEvent> & { readonly result: Promise<TypedJobResult<R>> };

/** The client's call methods, narrowed to one app's endpoints. */
export interface TypedCalls<E extends EndpointMap, Options> {
  predict<K extends EndpointName<E>>(
    endpoint: K,
    data: ArgsFor<E, K>,
    options?: Options,
  ): Promise<TypedJobResult<ResultFor<E, K>>>;
  submit<K extends EndpointName<E>>(endpoint: K, data: ArgsFor<E, K>, options?: Options): TypedJob<ResultFor<E, K>>;
}

interface AppWithDependencies {
  dependencies: readonly { apiName: string; fn: unknown }[];
}

/**
 * Marks `app` with the types of the endpoints `fns` names (keyed by api name), after checking that
 * each one is an endpoint of `app` running exactly that fn. Returns the same app object.
 */
export function typedEndpoints<A extends AppWithDependencies, const F extends Record<string, AnyFn>>(
  app: A,
  fns: F,
): A & TypedApp<EndpointsOf<F>> {
  for (const [name, fn] of Object.entries(fns)) {
    const found = app.dependencies.find((d) => d.apiName === name.replace(/^\//, ""));
    if (!found)
      throw new Error(
        `typedEndpoints: the app has no endpoint named "${name}" (it has: ${app.dependencies
          .map((d) => d.apiName)
          .filter(Boolean)
          .join(", ")}).`,
      );
    if (found.fn !== fn)
      throw new Error(`typedEndpoints: the endpoint "${name}" runs a different fn than the one given for it.`);
  }
  return app as A & TypedApp<EndpointsOf<F>>;
}
