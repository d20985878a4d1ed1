/** The API description served at `/gradio_api/info`: what Gradio's clients read to call endpoints. Types, and the check a reader makes. */

/** A label that is a translation key (`gr.I18n`), as Gradio describes it. */
export interface TranslatedLabel {
  key: string;
  _type: "translation_metadata";
}

export interface ApiParameter {
  label: string | TranslatedLabel;
  parameter_name: string;
  parameter_has_default: boolean;
  parameter_default: unknown;
  /** The JSON Schema of the value. */
  type: Record<string, unknown>;
  python_type: { type: string; description: string };
  /** The component's name as Gradio shows it ("Textbox", "Checkboxgroup"). */
  component: string;
  example_input: unknown;
}

export interface ApiReturn {
  label: string | TranslatedLabel;
  type: Record<string, unknown>;
  python_type: { type: string; description: string };
  component: string;
}

export interface ApiEndpointInfo {
  parameters: ApiParameter[];
  returns: ApiReturn[];
  /** Private endpoints are never listed; undocumented ones only with `?all_endpoints=true`. */
  api_visibility: "public" | "undocumented";
  description: string;
}

export interface ApiInfo {
  /** Keyed by `/api_name`. */
  named_endpoints: Record<string, ApiEndpointInfo>;
  /** Always empty in Gradio 6 (every endpoint has a name). */
  unnamed_endpoints: Record<string, ApiEndpointInfo>;
}

/** A value shaped like an API description: its endpoint tables are objects. */
export function isApiInfo(value: unknown): value is ApiInfo {
  const tables = value as { named_endpoints?: unknown; unnamed_endpoints?: unknown } | null;
  return (
    typeof value === "object" &&
    value !== null &&
    isTable(tables?.named_endpoints) &&
    isTable(tables?.unnamed_endpoints)
  );
}

const isTable = (value: unknown) => typeof value === "object" && value !== null && !Array.isArray(value);
