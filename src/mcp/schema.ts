/**
 * JSON Schema plumbing shared by the OpenAPI document and the MCP tools. Both start from the schemas the
 * components publish (`apiInfoAsInput`/`apiInfoAsOutput`, the same ones `/gradio_api/info` shows):
 * nested `$defs` are lifted to one shared place with their `$ref`s rewritten, Gradio's non-standard
 * `additional_description` becomes part of `description`, and (for MCP) every FileData becomes a
 * string holding a URL or base64 data. Pure: no I/O.
 */

export type Schema = Record<string, unknown>;

const isObject = (value: unknown): value is Schema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Collects `$defs` from many schemas into one table, renaming on clashes so each schema keeps its meaning. */
export class DefsTable {
  readonly defs: Record<string, Schema> = {};
  readonly #json = new Map<string, string>();

  constructor(private readonly refPrefix: string) {}

  /** A copy of `schema` with its `$defs` moved into the table and its refs pointing there. */
  lift(schema: Schema): Schema {
    const local = isObject(schema.$defs) ? (schema.$defs as Record<string, Schema>) : {};
    const renamed = new Map<string, string>();
    // Two passes: names first (defs may refer to each other), then the rewritten bodies.
    for (const name of Object.keys(local)) renamed.set(name, this.#claim(name, local[name]!));
    const rewrite = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(rewrite);
      if (!isObject(node)) return node;
      const out: Schema = {};
      for (const [key, value] of Object.entries(node)) {
        if (key === "$defs") continue;
        if (key === "$ref" && typeof value === "string" && value.startsWith("#/$defs/")) {
          const name = value.slice("#/$defs/".length);
          out.$ref = `${this.refPrefix}${renamed.get(name) ?? name}`;
        } else if (key === "additional_description") {
          continue;
        } else out[key] = rewrite(value);
      }
      const extra = node.additional_description;
      if (typeof extra === "string" && extra)
        out.description =
          typeof out.description === "string" && out.description ? `${out.description} ${extra}` : extra;
      return out;
    };
    for (const [name, body] of Object.entries(local)) this.defs[renamed.get(name)!] = rewrite(body) as Schema;
    return rewrite(schema) as Schema;
  }

  #claim(name: string, body: Schema): string {
    const json = JSON.stringify(body);
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? name : `${name}_${n}`;
      const existing = this.#json.get(candidate);
      if (existing === undefined) {
        this.#json.set(candidate, json);
        return candidate;
      }
      if (existing === json) return candidate;
    }
  }
}

/** Gradio's FileData (with or without `meta`): what file parameters and outputs look like on the wire. */
export function isFileDataSchema(schema: unknown): boolean {
  if (!isObject(schema)) return false;
  if (schema.title === "FileData") return true;
  const properties = schema.properties;
  return isObject(properties) && isObject(properties.path) && "meta" in properties;
}

export const FILE_STRING_DESCRIPTION = "A file: an http(s) URL, a data: URL, or base64-encoded bytes.";

/**
 * An input schema for an MCP tool: FileData (inline or behind a `$ref`) becomes a string, everything
 * else is kept. `defs` are the lifted definitions the schema may refer to (`#/$defs/...`).
 */
export function fileDataAsString(schema: unknown, defs: Record<string, Schema>): unknown {
  const convert = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(convert);
    if (!isObject(node)) return node;
    if (isFileDataSchema(node))
      return {
        type: "string",
        description:
          typeof node.description === "string" && node.description !== ""
            ? `${FILE_STRING_DESCRIPTION} ${node.description}`
            : FILE_STRING_DESCRIPTION,
      };
    if (
      typeof node.$ref === "string" &&
      node.$ref.startsWith("#/$defs/") &&
      isFileDataSchema(defs[node.$ref.slice("#/$defs/".length)])
    ) {
      return { type: "string", description: FILE_STRING_DESCRIPTION };
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, convert(value)]));
  };
  return convert(schema);
}

/**
 * Walks a value alongside its (lifted, FileData-bearing) schema and calls `onFile` wherever the schema
 * says a file goes; the result replaces the value there. Used to turn MCP strings into FileData.
 */
export async function mapFiles(
  value: unknown,
  schema: unknown,
  defs: Record<string, Schema>,
  onFile: (value: unknown) => Promise<unknown>,
): Promise<unknown> {
  const resolve = (node: unknown): Schema | null => {
    if (!isObject(node)) return null;
    if (typeof node.$ref === "string" && node.$ref.startsWith("#/$defs/"))
      return defs[node.$ref.slice("#/$defs/".length)] ?? null;
    return node;
  };
  const walk = async (item: unknown, node: unknown, depth: number): Promise<unknown> => {
    const s = resolve(node);
    if (!s || depth > 32 || item === null || item === undefined) return item;
    if (isFileDataSchema(s)) return onFile(item);
    if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
      const options = (s.anyOf ?? s.oneOf) as unknown[];
      // Strings match a file option only when no plain string option exists.
      const plain = options.map(resolve).some((o) => o && o.type === "string");
      if (typeof item === "string" && plain) return item;
      const file = options.find((o) => isFileDataSchema(resolve(o)));
      if (file && (typeof item === "string" || (isObject(item) && typeof item.path === "string"))) return onFile(item);
      const objectOption = options.map(resolve).find((o) => o && (o.type === "object" || isObject(o.properties)));
      if (objectOption && isObject(item)) return walk(item, objectOption, depth + 1);
      const arrayOption = options.map(resolve).find((o) => o && o.type === "array");
      if (arrayOption && Array.isArray(item)) return walk(item, arrayOption, depth + 1);
      return item;
    }
    if (Array.isArray(item)) {
      const prefix = Array.isArray(s.prefixItems) ? (s.prefixItems as unknown[]) : null;
      return Promise.all(item.map((element, index) => walk(element, prefix?.[index] ?? s.items, depth + 1)));
    }
    if (isObject(item) && isObject(s.properties)) {
      const properties = s.properties;
      const entries = await Promise.all(
        Object.entries(item).map(
          async ([key, element]) => [key, await walk(element, properties[key], depth + 1)] as const,
        ),
      );
      return Object.fromEntries(entries);
    }
    return item;
  };
  return walk(value, schema, 0);
}
