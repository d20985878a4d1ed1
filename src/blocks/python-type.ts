/** A JSON Schema rendered as the Python type hint Gradio shows in its API page (`python_type.type`). */
type Schema = { [key: string]: unknown };

const JSON_VALUE = "str | float | bool | list | dict";
const isEmptyObject = (value: unknown) =>
  typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;

/** A file model other than FileData (Gradio's ImageData): a `path` and a `meta` tagged as a FileData. */
function isFileModel(schema: Schema): boolean {
  const properties = schema.properties as Record<string, Schema> | undefined;
  const meta = properties?.meta;
  if (!properties?.path || !meta) return false;
  return (meta.default as { _type?: unknown } | undefined)?._type === "gradio.FileData";
}

export function pythonType(schema: Schema, defs: Schema = (schema.$defs as Schema) ?? {}): string {
  if (schema.title === "FileData" || isFileModel(schema)) return "filepath";
  if (typeof schema.$ref === "string") {
    const target = defs[schema.$ref.split("/").pop()!] as Schema | undefined;
    return target ? pythonType(target, defs) : "Any";
  }
  if (Array.isArray(schema.enum))
    return `Literal[${schema.enum.map((v) => JSON.stringify(v).replace(/"/g, "'")).join(", ")}]`;
  if (schema.const !== undefined) return `Literal[${JSON.stringify(schema.const).replace(/"/g, "'")}]`;
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Schema[]).map((s) => pythonType(s, defs)).join(" | ");
  // An untyped schema described as JSON (gr.JSON's) reads as the JSON value types, as gradio_client shows it.
  if (isEmptyObject(schema.type)) return String(schema.description ?? "").includes("json") ? JSON_VALUE : "Any";
  switch (schema.type) {
    case "string":
      return "str";
    case "number":
      return "float";
    case "integer":
      return "int";
    case "boolean":
      return "bool";
    case "null":
      return "None";
    case "array":
      // A fixed-length list (ImageSlider's pair) reads as a tuple, as gradio_client shows it.
      if (Array.isArray(schema.prefixItems))
        return `tuple[${(schema.prefixItems as Schema[]).map((s) => pythonType(s, defs)).join(", ")}]`;
      return `list[${schema.items ? pythonType(schema.items as Schema, defs) : "Any"}]`;
    case "object": {
      const properties = schema.properties as Record<string, Schema> | undefined;
      if (!properties) return "dict";
      return `dict(${Object.entries(properties)
        .map(([key, value]) => `${key}: ${pythonType(value, defs)}`)
        .join(", ")})`;
    }
    default:
      return "Any";
  }
}
