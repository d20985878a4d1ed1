/**
 * The app's endpoints as MCP tools: one per public endpoint the caller may run, named after its api
 * name, with a JSON Schema of its inputs built from the components' own schemas (files become strings:
 * a URL or base64 data) and descriptions from `apiDescription` and each component's label and info.
 * A call runs through the same queue as every other caller and its result is read from the session
 * channel: progress and generator steps become MCP progress notifications, the final value the result.
 */
import type { FastifyBaseLogger, FastifyRequest } from "fastify";
import { endpointParameters, endpointReturns } from "../blocks/api-info.js";
import type { Dependency, Output } from "../blocks/events.js";
import type { Component } from "../components/component.js";
import { isHttpError } from "../errors.js";
import type { FilePolicy } from "../files/access.js";
import { looksLikeFileData } from "../protocol/file-data.js";
import { SNIFF_BYTES, servedContentType } from "../files/content-type.js";
import { readServableFile } from "../files/resolve.js";
import { isUpdate } from "../blocks/update.js";
import { mimeFromName } from "../components/media.js";
import { callerOf } from "../queue/event-owner.js";
import { InputsRejectedError } from "../queue/inputs.js";
import { canRun } from "../security/roles.js";
import { SecurityError } from "../security/errors.js";
import { enqueue, newEventId } from "../server/join.js";
import type { Runtime } from "../server/runtime.js";
import { fileFromToolArgument, ToolInputError } from "./files.js";
import { DefsTable, fileDataAsString, mapFiles, type Schema } from "./schema.js";

export interface ToolDescriptor {
  name: string;
  description: string;
  inputSchema: {
    type: "object";
    properties: Record<string, Schema>;
    required: string[];
    $defs?: Record<string, Schema>;
  };
}

export type ToolContent = { type: "text"; text: string } | { type: "image"; data: string; mimeType: string };
export interface ToolResult {
  content: ToolContent[];
  isError?: boolean;
  [key: string]: unknown;
}

interface ToolEntry {
  dependency: Dependency;
  descriptor: ToolDescriptor;
  /** Parameter name → its schema as the component publishes it (FileData kept), for mapping files in. */
  wireSchemas: Map<string, Schema>;
  defs: Record<string, Schema>;
  parameterNames: string[];
  defaults: Map<string, unknown>;
}

/** MCP tool names: letters, digits, `_` and `-`, at most 64 characters. */
export function toolName(apiName: string): string {
  const cleaned = apiName.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64);
  return cleaned || "tool";
}

/** Layouts (possible event outputs) are never in the API. */
const isApiComponent = (component: Component | Output): component is Component => !component.skipApi;

function componentInfo(component: Component): string | undefined {
  const info = (component.props() as { info?: unknown }).info;
  return typeof info === "string" && info ? info : undefined;
}

function buildEntry(dependency: Dependency): ToolEntry {
  const table = new DefsTable("#/$defs/");
  const parameters = endpointParameters(dependency);
  const components = dependency.inputs.filter(isApiComponent);
  const properties: Record<string, Schema> = {};
  const wireSchemas = new Map<string, Schema>();
  const defaults = new Map<string, unknown>();
  const required: string[] = [];
  parameters.forEach((parameter, index) => {
    const wire = table.lift(parameter.type);
    wireSchemas.set(parameter.parameter_name, wire);
    const schema = fileDataAsString(wire, table.defs) as Schema;
    const info = components[index] ? componentInfo(components[index]) : undefined;
    const description = [parameter.label, info, typeof schema.description === "string" ? schema.description : undefined]
      .filter(Boolean)
      .join(": ");
    const property: Schema = { ...schema, title: parameter.label, ...(description ? { description } : {}) };
    if (parameter.parameter_has_default) {
      property.default = parameter.parameter_default;
      defaults.set(parameter.parameter_name, parameter.parameter_default);
    } else required.push(parameter.parameter_name);
    properties[parameter.parameter_name] = property;
  });
  const returns = endpointReturns(dependency)
    .map((r) => `${r.label} (${r.python_type.type === "filepath" ? "file URL" : r.python_type.type})`)
    .join(", ");
  const description = [
    dependency.options.apiDescription || `Runs the app's /${dependency.apiName} endpoint.`,
    returns ? `Returns: ${returns}.` : "",
  ]
    .filter(Boolean)
    .join(" ");
  const toolDefs = Object.fromEntries(
    Object.entries(table.defs).map(([name, def]) => [name, fileDataAsString(def, table.defs) as Schema]),
  );
  const inputSchema: ToolDescriptor["inputSchema"] = { type: "object", properties, required };
  if (Object.keys(toolDefs).length > 0 && JSON.stringify(properties).includes("#/$defs/")) inputSchema.$defs = toolDefs;
  return {
    dependency,
    descriptor: { name: toolName(dependency.apiName), description, inputSchema },
    wireSchemas,
    defs: table.defs,
    parameterNames: parameters.map((p) => p.parameter_name),
    defaults,
  };
}

/** The tools `user` may see and call: public endpoints with a fn whose roles the user holds. */
export function toolsFor(runtime: Runtime, user: FastifyRequest["gradioUser"]): ToolEntry[] {
  const taken = new Set<string>();
  const entries: ToolEntry[] = [];
  for (const dependency of runtime.app.dependencies) {
    if (!dependency.fn || dependency.apiVisibility !== "public" || !canRun(dependency, user ?? null)) continue;
    const entry = buildEntry(dependency);
    let name = entry.descriptor.name;
    for (let n = 2; taken.has(name); n++) name = `${entry.descriptor.name.slice(0, 60)}_${n}`;
    taken.add(name);
    entry.descriptor.name = name;
    entries.push(entry);
  }
  return entries;
}

export interface CallHooks {
  signal: AbortSignal;
  /** Reports progress (only when the client asked for it with a progress token). */
  progress?: (progress: number, total: number | undefined, message: string | undefined) => void;
}

const errorResult = (text: string): ToolResult => ({ content: [{ type: "text", text }], isError: true });

/** Runs one tool call to its end and shapes the outputs as MCP content. */
export async function callTool(
  runtime: Runtime,
  request: FastifyRequest,
  entry: ToolEntry,
  args: Record<string, unknown>,
  hooks: CallHooks,
): Promise<ToolResult> {
  const { dependency } = entry;
  // The route this request came by (`/gradio_api/mcp/`, `/gradio_api/mcp`, `/gradio_api/mcp/sse`): the app's public URL is what precedes it.
  const routePath = request.routeOptions.url ?? "/gradio_api/mcp/";
  const rootUrl = runtime.rootUrl(request, routePath);
  const unknown = Object.keys(args).filter((key) => !entry.parameterNames.includes(key));
  if (unknown.length > 0)
    return errorResult(
      `Unknown argument${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. This tool takes: ${entry.parameterNames.join(", ") || "nothing"}.`,
    );
  const missing = entry.parameterNames.filter((name) => !Object.hasOwn(args, name) && !entry.defaults.has(name));
  if (missing.length > 0)
    return errorResult(`Missing argument${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}.`);

  let data: unknown[];
  try {
    data = await Promise.all(
      entry.parameterNames.map((name) => {
        const value = Object.hasOwn(args, name) ? args[name] : entry.defaults.get(name);
        return mapFiles(value, entry.wireSchemas.get(name), entry.defs, (file) =>
          fileFromToolArgument(file, {
            cache: runtime.cache,
            rootUrl,
            maxFileSize: runtime.maxFileSize,
            urlInputs: runtime.files.urlInputs,
          }),
        );
      }),
    );
  } catch (error) {
    if (error instanceof ToolInputError) return errorResult(error.message);
    throw error;
  }

  const eventId = newEventId();
  const sessionHash = `mcp-${eventId}`;
  try {
    await enqueue(runtime, request, routePath, dependency, data, sessionHash, { eventId, simpleFormat: true });
  } catch (error) {
    if (error instanceof InputsRejectedError) return errorResult(error.message);
    if (isHttpError(error) || error instanceof SecurityError) return errorResult(error.message);
    throw error;
  }

  const stop = new AbortController();
  const onAbort = () => {
    void Promise.resolve(runtime.queue.cancel(callerOf(request, sessionHash), dependency.id, eventId)).catch(
      () => undefined,
    );
    stop.abort();
  };
  hooks.signal.addEventListener("abort", onAbort, { once: true });
  let steps = 0;
  try {
    for await (const message of runtime.channels.read(sessionHash, stop.signal)) {
      if (message.msg === "progress") {
        const unit = message.progress_data[0];
        if (unit) {
          steps++;
          // MCP progress numbers must be numbers: a NaN or Infinity from the fn would arrive as null.
          const total = isFiniteNumber(unit.length) ? unit.length : undefined;
          const done = isFiniteNumber(unit.index)
            ? unit.index
            : isFiniteNumber(unit.progress) && total
              ? unit.progress * total
              : steps;
          hooks.progress?.(done, total, unit.desc ?? undefined);
        }
      } else if (message.msg === "process_generating") {
        steps++;
        hooks.progress?.(steps, undefined, `step ${steps}: ${preview(message.output.data)}`);
      } else if (message.msg === "process_completed") {
        const output = message.output as { data?: unknown[]; error?: string | null };
        if (!message.success || "error" in output)
          return errorResult(
            typeof output.error === "string" && output.error
              ? output.error
              : "The tool failed (the app reported an error without a message).",
          );
        if (!Array.isArray(output.data)) return errorResult("The call was cancelled.");
        return await toolContent(runtime.files.policy, request.log, dependency, output.data);
      } else if (message.msg === "unexpected_error") {
        return errorResult(message.message);
      }
    }
    return errorResult(hooks.signal.aborted ? "The call was cancelled." : "The call ended without a result.");
  } finally {
    hooks.signal.removeEventListener("abort", onAbort);
    if (!stop.signal.aborted) stop.abort();
    runtime.channels.drop(sessionHash);
  }
}

const isFiniteNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

function preview(data: unknown[]): string {
  const text = JSON.stringify(data.length === 1 ? data[0] : data) ?? "";
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** Larger images are given by URL only: an MCP message carries them base64-encoded, in memory. */
export const MCP_IMAGE_MAX_BYTES = 10 * 1024 * 1024;

type OutputFile = { path: string; url?: string | null };

/**
 * Output values → MCP content: files as their URLs (images also as image content), the rest as text.
 * Only values where the output component's own schema puts a file are files: those were published by
 * its postprocessing, through the access policy. A file-shaped value anywhere else (a JSON or
 * BrowserState output passing a caller's object through) is plain data and is never read.
 */
async function toolContent(
  policy: FilePolicy,
  log: FastifyBaseLogger,
  dependency: Dependency,
  all: unknown[],
): Promise<ToolResult> {
  const outputs = dependency.outputs
    .map((component, index) => ({ component, value: all[index] }))
    .flatMap(({ component, value }) => (isApiComponent(component) ? [{ component, value }] : []));
  const table = new DefsTable("#/$defs/");
  const files: OutputFile[] = [];
  const values = await Promise.all(
    outputs.map(({ component, value }) =>
      mapFiles(
        isUpdate(value) ? value.value : value,
        table.lift(component.apiInfoAsOutput()),
        table.defs,
        async (file) => {
          if (!looksLikeFileData(file)) return file;
          files.push(file);
          return (file as OutputFile).url ?? file.path;
        },
      ),
    ),
  );
  const images: ToolContent[] = [];
  for (const file of files) {
    const image = await imageContent(policy, log, file.path);
    if (image) images.push(image);
  }
  const text: ToolContent[] = values.map((value) => ({
    type: "text",
    text: typeof value === "string" ? value : JSON.stringify(value ?? null),
  }));
  const result: ToolResult = { content: [...text, ...images] };
  // The same values, machine-readable, keyed by output label.
  result.structuredContent = Object.fromEntries(
    outputs.map(({ component }, index) => [component.label ?? `output_${index}`, values[index] ?? null]),
  );
  return result;
}

/**
 * A published image as MCP image content: read through the file route's own `serve` decision, bounded,
 * and labelled as the file route would label it (an image type only when its first bytes agree).
 */
async function imageContent(policy: FilePolicy, log: FastifyBaseLogger, filePath: string): Promise<ToolContent | null> {
  // Audio, video and other files are never read here: only what is named as an image.
  if (/^https?:/i.test(filePath) || !mimeFromName(filePath)?.startsWith("image/")) return null;
  const read = await readServableFile(filePath, policy, MCP_IMAGE_MAX_BYTES);
  if (!read.ok) {
    if (read.reason === "refused")
      log.warn({ event: "mcp-file-refused" }, "MCP output file refused by the file access policy");
    return null;
  }
  const { contentType, disposition } = servedContentType(read.real, read.bytes.subarray(0, SNIFF_BYTES));
  if (disposition !== "inline" || !contentType.startsWith("image/")) return null;
  return { type: "image", data: read.bytes.toString("base64"), mimeType: contentType };
}
