/** The API description served at `/gradio_api/info`: what Gradio's clients read to call endpoints. */
import type { Component } from "../components/component.js";
import type { Blocks } from "./blocks.js";
import type { Dependency } from "./events.js";
import { fnParameterNames } from "./fn-params.js";
import { pythonType } from "./python-type.js";

export interface ApiParameter {
  label: string;
  parameter_name: string;
  parameter_has_default: boolean;
  parameter_default: unknown;
  type: Record<string, unknown>;
  python_type: { type: string; description: string };
  component: string;
  example_input: unknown;
}

export interface ApiReturn {
  label: string;
  type: Record<string, unknown>;
  python_type: { type: string; description: string };
  component: string;
}

export interface ApiEndpoint {
  parameters: ApiParameter[];
  returns: ApiReturn[];
  api_visibility: "public" | "undocumented";
  description: string;
}

export interface ApiInfo {
  named_endpoints: Record<string, ApiEndpoint>;
  unnamed_endpoints: Record<string, never>;
}

const RESERVED_NAMES = new Set(["api_name", "fn_index", "result_callbacks"]);

/** Gradio shows "Textbox" for textbox, "Checkboxgroup" for checkboxgroup: first letter up, rest down. */
function componentName(component: Component): string {
  const name = component.type;
  return name.charAt(0).toUpperCase() + name.slice(1).toLowerCase();
}

function description(schema: Record<string, unknown>, key: "additional_description" | "description"): string {
  return typeof schema[key] === "string" ? (schema[key] as string) : "";
}

export function endpointParameters(dependency: Dependency): ApiParameter[] {
  const names = fnParameterNames(dependency.fn);
  return dependency.inputs.flatMap((component, index) => {
    if (component.skipApi) return [];
    const schema = component.apiInfoAsInput();
    const fnName = names[index];
    const initial = component.initialValue;
    return [
      {
        label: component.label ?? `parameter_${component.id}`,
        parameter_name: fnName && !RESERVED_NAMES.has(fnName) ? fnName : `param_${index}`,
        parameter_has_default: initial !== undefined && initial !== null,
        parameter_default: initial ?? null,
        type: schema,
        python_type: { type: pythonType(schema), description: description(schema, "additional_description") },
        component: componentName(component),
        example_input: component.exampleInput(),
      },
    ];
  });
}

export function endpointReturns(dependency: Dependency): ApiReturn[] {
  return dependency.outputs.flatMap((component) => {
    if (component.skipApi) return [];
    const schema = component.apiInfoAsOutput();
    return [{ label: component.label ?? `value_${component.id}`, type: schema, python_type: { type: pythonType(schema), description: description(schema, "description") }, component: componentName(component) }];
  });
}

/** `allEndpoints` adds the undocumented ones (never the private ones), as Gradio's `?all_endpoints=`. */
export function buildApiInfo(app: Blocks, options: { allEndpoints?: boolean; canCall?: (dependency: Dependency) => boolean } = {}): ApiInfo {
  const named: Record<string, ApiEndpoint> = {};
  for (const dependency of app.dependencies) {
    const visibility = dependency.apiVisibility;
    if (!dependency.fn || visibility === "private") continue;
    if (visibility === "undocumented" && !options.allEndpoints) continue;
    if (options.canCall && !options.canCall(dependency)) continue;
    named[`/${dependency.apiName}`] = {
      parameters: endpointParameters(dependency),
      returns: endpointReturns(dependency),
      api_visibility: visibility,
      description: dependency.options.apiDescription ?? "",
    };
  }
  return { named_endpoints: named, unnamed_endpoints: {} };
}
