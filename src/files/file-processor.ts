/**
 * What components use to take files in and hand files out, with every decision made by the access
 * policy. Inputs must already be in the cache (uploaded) or in a served path; outputs are copied into
 * the cache when the rules allow it.
 */
import path from "node:path";
import { AppConfigError, InputValidationError } from "../errors.js";
import { decideCache, decideServe, isMalformedRequestPath, type FilePolicy } from "./access.js";
import type { FileCache } from "./cache.js";
import { FILE_DATA_TYPE, looksLikeFileData, type FileData } from "./file-data.js";
import { resolveExistingFile } from "./resolve.js";

export const FILE_ROUTE = "/gradio_api/file=";

/** Thrown when a fn returns a path the rules do not allow; the developer sees the path, the caller does not. */
export class FileNotCacheableError extends AppConfigError {
  constructor(readonly requestedPath: string) {
    super(
      `Cannot move ${requestedPath} to the cache: it is not in the working directory, the temp directory or allowedPaths ` +
        `(or it is a dot-file or blocked). Add its folder to launch({ allowedPaths: [...] }) if users may download it.`,
    );
  }
}

export class FileProcessor {
  constructor(
    readonly cache: FileCache,
    readonly policy: FilePolicy,
  ) {}

  fileUrl(rootUrl: string, filePath: string): string {
    return `${rootUrl}${FILE_ROUTE}${filePath}`;
  }

  /** An input payload → the real path of a file the caller may use. */
  async acceptInput(payload: unknown, parameter: string): Promise<FileData> {
    if (!looksLikeFileData(payload)) throw new InputValidationError(`expected a file (an object with "path" and "meta"), got ${describe(payload)}`, parameter);
    const requested = payload.path;
    if (/^[a-z][a-z0-9+.-]*:/i.test(requested)) {
      throw new InputValidationError("a URL is not accepted as a file here: upload the file first (POST /gradio_api/upload)", parameter);
    }
    const resolved = isMalformedRequestPath(requested) ? null : await resolveExistingFile(requested, this.policy.workingDir);
    if (!resolved || !decideServe(resolved, this.policy).allowed) {
      throw new InputValidationError("this file was not uploaded by a user: upload it first (POST /gradio_api/upload) and pass the returned path", parameter);
    }
    const meta = { _type: FILE_DATA_TYPE } as const;
    const origName = (payload as { orig_name?: unknown }).orig_name;
    return { path: resolved, orig_name: typeof origName === "string" ? origName : path.basename(resolved), meta };
  }

  /** A path a fn returned (or the developer named) → a cached FileData with a URL. */
  async publish(value: string | FileData, rootUrl: string, namedByDeveloper = false): Promise<FileData> {
    const requested = typeof value === "string" ? value : value.path;
    if (/^https?:\/\//i.test(requested)) {
      return { path: requested, url: requested, orig_name: path.basename(new URL(requested).pathname), meta: { _type: FILE_DATA_TYPE } };
    }
    const resolved = requested.includes("\0") ? null : await resolveExistingFile(requested, this.policy.workingDir);
    if (!resolved || !decideCache(resolved, this.policy, namedByDeveloper).allowed) throw new FileNotCacheableError(requested);
    const origName = typeof value === "string" ? path.basename(resolved) : (value.orig_name ?? path.basename(resolved));
    const cached = await this.cache.putFile(resolved, origName);
    return {
      path: cached.path,
      url: this.fileUrl(rootUrl, cached.path),
      size: cached.size,
      orig_name: origName,
      mime_type: typeof value === "string" ? null : (value.mime_type ?? null),
      is_stream: false,
      meta: { _type: FILE_DATA_TYPE },
    };
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "string" ? "a string" : `a ${typeof value}`;
}
