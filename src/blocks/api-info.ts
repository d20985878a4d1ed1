/** Builds the API description served at `/gradio_api/info` (its shapes: src/protocol/api-info.ts). */
import type { Component } from "../components/component.js";
import type { ApiEndpointInfo, ApiInfo, ApiParameter, ApiReturn } from "../protocol/api-info.js";
import type { Blocks } from "./blocks.js";
import type { Dependency } from "./events.js";
import { fnParameterNames } from "./fn-params.js";
import { apiLabel } from "./i18n.js";
import { pythonType } from "./python-type.js";

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
        label: apiLabel(component.label ?? `parameter_${component.id}`),
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
    return [
      {
        label: apiLabel(component.label ?? `value_${component.id}`),
        type: schema,
        python_type: { type: pythonType(schema), description: description(schema, "description") },
        component: componentName(component),
      },
    ];
  });
}

/** `allEndpoints` adds the undocumented ones (never the private ones), as Gradio's `?all_endpoints=`. */
export function buildApiInfo(
  app: Blocks,
  options: { allEndpoints?: boolean; canCall?: (dependency: Dependency) => boolean } = {},
): ApiInfo {
  const named: Record<string, ApiEndpointInfo> = {};
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
