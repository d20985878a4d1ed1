/**
 * What components use to take files in and hand files out, with every decision made by the access
 * policy. Inputs must already be in the cache (uploaded) or in a static path; outputs are copied into
 * the cache when the rules allow it (static paths are served in place instead).
 */
import path from "node:path";
import { AppConfigError, InputValidationError } from "../errors.js";
import type { DenyReason, FilePolicy } from "./access.js";
import type { FileCache } from "./cache.js";
import { FILE_DATA_TYPE, looksLikeFileData, type FileData } from "../protocol/file-data.js";
import { displayFileName } from "./file-name.js";
import { openChecked } from "./resolve.js";
import { isHttpUrl, UrlFetchError, type DownloadedFile, type UrlFetchSettings } from "./url-fetch.js";
import { open, rename, rm } from "node:fs/promises";
import { downloadedMediaType, SNIFF_BYTES } from "./content-type.js";

export const FILE_ROUTE = "/gradio_api/file=";

const WHY_NOT: Record<DenyReason, string> = {
  malformed: "it is not a usable local path",
  url: "it is a URL, and URLs are not downloaded into the cache",
  missing: "it does not exist or is not a regular file",
  blocked: "it is inside blockedPaths",
  private: "it is the app's own data (a flagging folder, an encryption key file or the API token store)",
  "dot-file": "it is a dot-file (or inside a dot-folder) of the working directory",
  outside: "it is not in the working directory, the temp directory or allowedPaths",
  "not-uploaded": "it was not uploaded by a user",
};

/** Thrown when a fn returns a path the rules do not allow; the developer sees the path, the caller does not. */
export class FileNotCacheableError extends AppConfigError {
  constructor(
    readonly requestedPath: string,
    readonly reason: DenyReason,
  ) {
    super(
      `Cannot move ${requestedPath} to the cache: ${WHY_NOT[reason]}. ` +
        (reason === "blocked" || reason === "private" || reason === "missing" || reason === "malformed"
          ? "Return a different file."
          : "If users may download it, add its folder to launch({ allowedPaths: [...] })."),
    );
  }
}

export class FileProcessor {
  constructor(
    readonly cache: FileCache,
    readonly policy: FilePolicy,
    /** How http(s) URL inputs are downloaded (rule 1.5); without it they are refused. */
    readonly urlInputs: UrlFetchSettings | null = null,
    /** "check": the join-time view, where a URL input is judged but not downloaded (that waits for the run). */
    readonly mode: "prepare" | "check" = "prepare",
  ) {}

  /** The same rules for join-time checks: paths pass the access policy as usual, URLs are not fetched. */
  checking(): FileProcessor {
    return this.mode === "check" ? this : new FileProcessor(this.cache, this.policy, this.urlInputs, "check");
  }

  fileUrl(rootUrl: string, filePath: string): string {
    return `${rootUrl}${FILE_ROUTE}${filePath}`;
  }

  /** An input payload → the real path of a file the caller may use. Checked before the fn runs. */
  async acceptInput(payload: unknown, parameter: string): Promise<FileData> {
    // With or without `meta`: an object carrying a path is always checked as a path.
    const url = urlOf(payload);
    if (url !== null) return this.#download(url, payload as { orig_name?: unknown; mime_type?: unknown }, parameter);
    if (!looksLikeFileData(payload))
      throw new InputValidationError(
        `expected a file (an object with "path" and "meta"), got ${describe(payload)}`,
        parameter,
      );
    // Opened once, so the path the fn gets is the real path of the file the rules were asked about.
    const opened = await openChecked(payload.path, "input", this.policy);
    if (!opened.allowed) throw this.#inputRefused(opened.reason, parameter);
    await opened.handle.close();
    const origName = (payload as { orig_name?: unknown }).orig_name;
    const name = displayFileName(typeof origName === "string" ? origName : null, path.basename(opened.real));
    return { path: opened.real, orig_name: name, meta: { _type: FILE_DATA_TYPE } };
  }

  /**
   * The bytes of an accepted input, read from a descriptor the rules were asked about again: nothing
   * swapped in under the path since `acceptInput` is read.
   */
  async readInput(file: FileData, parameter: string): Promise<Buffer> {
    const opened = await openChecked(file.path, "input", this.policy);
    if (!opened.allowed) throw this.#inputRefused(opened.reason, parameter);
    try {
      return await opened.handle.readFile();
    } finally {
      await opened.handle.close();
    }
  }

  #inputRefused(reason: DenyReason, parameter: string): InputValidationError {
    return new InputValidationError(
      reason === "url"
        ? this.urlInputs?.enabled
          ? "only http(s) URLs are downloaded as files; other schemes are refused"
          : "a URL is not accepted as a file here: upload the file first (POST /gradio_api/upload) and pass the returned path"
        : "this file was not uploaded by a user: upload it first (POST /gradio_api/upload) and pass the returned path",
      parameter,
    );
  }

  /** An http(s) URL input → a cache file, through the one guarded fetcher (rule 1.5). */
  async #download(
    url: string,
    payload: { orig_name?: unknown; mime_type?: unknown },
    parameter: string,
  ): Promise<FileData> {
    const settings = this.urlInputs;
    if (!settings?.enabled) {
      throw new InputValidationError(
        "a URL is not accepted as a file here: upload the file first (POST /gradio_api/upload) and pass the returned path",
        parameter,
      );
    }
    try {
      if (this.mode === "check")
        return unfetched((await settings.fetcher.precheck(url, settings.timeoutMs)).href, payload);
      const file = await settings.fetcher.download(url, this.cache, {
        maxBytes: settings.maxBytes,
        timeoutMs: settings.timeoutMs,
      });
      const origName = displayFileName(typeof payload.orig_name === "string" ? payload.orig_name : null, file.origName);
      return {
        path: file.path,
        orig_name: origName,
        size: file.size,
        mime_type: file.mimeType,
        meta: { _type: FILE_DATA_TYPE },
      };
    } catch (error) {
      if (error instanceof UrlFetchError) throw new InputValidationError(error.message, parameter);
      throw error;
    }
  }

  /**
   * A path a fn returned (or the developer named) → a cached FileData with a URL. `mediaKind` is what
   * a remote file must be (its Content-Type, or its name's extension) for an Image, Audio or Video.
   */
  async publish(
    value: string | FileData,
    rootUrl: string,
    namedByDeveloper = false,
    mediaKind: MediaKind | null = null,
  ): Promise<FileData> {
    const requested = typeof value === "string" ? value : value.path;
    if (/^https?:\/\//i.test(requested)) return this.#publishRemote(value, requested, rootUrl, mediaKind);
    const opened = await openChecked(requested, "cache", this.policy, namedByDeveloper);
    if (!opened.allowed) throw new FileNotCacheableError(requested, opened.reason);
    const origName = displayFileName(typeof value === "string" ? null : value.orig_name, path.basename(opened.real));
    const mimeType = typeof value === "string" ? null : (value.mime_type ?? null);
    if (opened.reason === "static-path" || opened.reason === "cache") {
      // Static paths are served in place, and a cache file is already where it would be copied to; the
      // file route checks it again when it is fetched.
      await opened.handle.close();
      const { real, size } = opened;
      const url = this.fileUrl(rootUrl, real);
      return {
        path: real,
        url,
        size,
        orig_name: origName,
        mime_type: mimeType,
        is_stream: false,
        meta: { _type: FILE_DATA_TYPE },
      };
    }
    // The developer's files (defaults, examples) are copied once per app, not on every /config. What a
    // fn returns is copied on each call (it may rewrite the same path), unless it is such a file, unchanged.
    const cached = namedByDeveloper
      ? await this.cache.putFileOnce(opened.real, opened.handle, origName)
      : ((await this.cache.knownCopy(opened.real, opened.handle, origName)) ??
        (await this.cache.putOpened(opened.handle, origName)));
    return {
      path: cached.path,
      url: this.fileUrl(rootUrl, cached.path),
      size: cached.size,
      orig_name: origName,
      mime_type: mimeType,
      is_stream: false,
      meta: { _type: FILE_DATA_TYPE },
    };
  }

  /**
   * A remote URL in an output: downloaded through the one guarded fetcher into the cache, as Gradio
   * does, so the page loads only this app's own files (the CSP keeps `img-src 'self'`) and the copy is
   * served under the file rules like any other. Bounded by `maxFileSize` and the fetch timeout.
   */
  async #publishRemote(
    value: string | FileData,
    url: string,
    rootUrl: string,
    mediaKind: MediaKind | null,
  ): Promise<FileData> {
    const settings = this.urlInputs;
    if (!settings) throw new RemoteOutputError("remote files are not downloaded here; return a local path instead");
    let file: DownloadedFile;
    try {
      file = await settings.fetcher.download(url, this.cache, {
        maxBytes: settings.maxBytes,
        timeoutMs: settings.timeoutMs,
      });
    } catch (error) {
      if (error instanceof UrlFetchError) throw new RemoteOutputError(error.message);
      throw error;
    }
    const media = downloadedMediaType(file.path, file.mimeType, await readHead(file.path));
    if (mediaKind !== null && !media?.type.startsWith(`${mediaKind}/`)) {
      await rm(file.path, { force: true });
      throw new RemoteOutputError(
        `the file at the URL is not ${mediaKind === "image" ? "an" : "a"} ${mediaKind} this app can show ` +
          `(the server says ${file.mimeType ?? "nothing"} about its type)`,
      );
    }
    // Served inline only under a name whose extension the bytes agree with, so one is added if missing.
    let cachedPath = file.path;
    if (media) {
      cachedPath = addExtension(cachedPath, media.extension);
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- a file the fetcher just put in the cache
      if (cachedPath !== file.path) await rename(file.path, cachedPath);
    }
    const given = typeof value === "string" ? null : value;
    const origName = displayFileName(given?.orig_name ?? null, addExtension(file.origName, media?.extension));
    const mimeType = media?.type ?? given?.mime_type ?? file.mimeType;
    return {
      path: cachedPath,
      url: this.fileUrl(rootUrl, cachedPath),
      size: file.size,
      orig_name: origName,
      mime_type: mimeType,
      is_stream: false,
      meta: { _type: FILE_DATA_TYPE },
    };
  }
}

export type MediaKind = "image" | "audio" | "video";

/**
 * A remote file an output names could not be fetched into the cache. The message is safe for the caller
 * (it says nothing of the internal network); the runner adds which output it was.
 */
export class RemoteOutputError extends Error {
  override readonly name = "RemoteOutputError";
}

/** The http(s) URL a file input names: its `path` when that is a URL, else its `url` when it has no
 * `path` at all. A local `path` always wins (the JS client sends `url` = this app's file route).
 */
function urlOf(payload: unknown): string | null {
  if (typeof payload !== "object" || payload === null) return null;
  const { path: filePath, url } = payload as { path?: unknown; url?: unknown };
  if (typeof filePath === "string") return isHttpUrl(filePath) ? filePath.trim() : null;
  return filePath === undefined || filePath === null ? (isHttpUrl(url) ? url.trim() : null) : null;
}

/** A URL input as join sees it: named, not downloaded; the run that prepares it downloads it. */
function unfetched(url: string, payload: { orig_name?: unknown }): FileData {
  const origName =
    typeof payload.orig_name === "string" && payload.orig_name ? path.basename(payload.orig_name) : safeUrlName(url);
  return { path: url, orig_name: origName, meta: { _type: FILE_DATA_TYPE } };
}

function safeUrlName(url: string): string {
  try {
    return path.posix.basename(new URL(url).pathname);
  } catch {
    return "file";
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "string" ? "a string" : `a ${typeof value}`;
}

/** `name` ending in `extension` (when one is given and it does not already). */
function addExtension(name: string, extension: string | undefined): string {
  return extension && !name.toLowerCase().endsWith(extension) ? name + extension : name;
}

/** The first bytes of a file, enough to tell its format. */
async function readHead(filePath: string): Promise<Uint8Array> {
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- a file the fetcher just put in the cache
  const handle = await open(filePath, "r");
  try {
    const head = new Uint8Array(SNIFF_BYTES);
    const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
