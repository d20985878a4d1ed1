/**
 * Request schemas compiled at their first use, not at start. Fastify compiles every route's schemas
 * when the server starts: with Ajv, each is generated code, and their compiling was the largest part of a
 * hello app's start after loading modules, for routes (uploads, streaming, cancel, the REST API) that a
 * given app may never be sent. A route now compiles its schemas at its first request, once, with the
 * same Ajv and options, so every answer (and every refusal) is as before.
 */
import type { Ajv, AnySchema, ValidateFunction } from "ajv";

/**
 * A validate function that compiles at its first call, or at the first read of what Fastify reads of
 * it before calling (`schemaEnv`, whose presence makes it pass the parent object) or after (`errors`).
 */
export function compiledOnFirstUse(schema: AnySchema, compile: () => ValidateFunction): ValidateFunction {
  let compiled: ValidateFunction | undefined;
  const now = () => (compiled ??= compile());
  const validate = function (this: unknown, ...args: Parameters<ValidateFunction>) {
    return now().apply(this, args);
  } as ValidateFunction;
  Object.defineProperties(validate, {
    schema: { value: schema, enumerable: true },
    schemaEnv: { get: () => now().schemaEnv, enumerable: true },
    errors: { get: () => now().errors, set: (errors: ValidateFunction["errors"]) => (now().errors = errors) },
    evaluated: { get: () => now().evaluated },
    source: { get: () => now().source },
  });
  return validate;
}

/**
 * An Ajv plugin (Fastify's `ajv.plugins` server option): the instance's `compile` hands back functions
 * that compile at their first use. A schema with an `$id` already compiled under that id is the one
 * used, as Fastify's own compiler does, so two routes sharing a schema by id still share it.
 */
export function compileOnFirstUse(ajv: Ajv): Ajv {
  const compileNow = ajv.compile.bind(ajv) as (schema: AnySchema, meta?: boolean) => ValidateFunction;
  const lazy = (schema: AnySchema, meta?: boolean): ValidateFunction =>
    compiledOnFirstUse(schema, () => {
      const id = typeof schema === "object" && typeof schema.$id === "string" ? schema.$id : undefined;
      return (id && (ajv.getSchema(id) as ValidateFunction | undefined)) || compileNow(schema, meta);
    });
  ajv.compile = lazy as Ajv["compile"];
  return ajv;
}
