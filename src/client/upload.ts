/**
 * `POST /gradio_api/upload`: multipart, every part named `files`; the answer is the list of server
 * paths. Browsers get upload progress through XMLHttpRequest (fetch cannot report it); other runtimes
 * use fetch.
 */
import { ClientHttpError, httpError } from "./errors.js";
import { FILE_DATA_TYPE, type FileData } from "../protocol/file-data.js";
import type { FetchLike } from "./types.js";

export interface UploadOptions {
  /** Bytes sent so far, and the total (the multipart body, slightly more than the files). */
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
}

interface Transport {
  fetch: FetchLike;
  headers: Record<string, string>;
}

export async function uploadFiles(
  apiUrl: string,
  files: readonly Blob[],
  transport: Transport,
  options: UploadOptions = {},
): Promise<FileData[]> {
  if (files.length === 0) return [];
  const url = `${apiUrl}/upload`;
  const form = new FormData();
  for (const file of files) form.append("files", file, fileName(file) ?? "blob");
  const paths =
    options.onProgress && typeof XMLHttpRequest === "function"
      ? await postWithProgress(url, form, transport.headers, options)
      : await postWithFetch(url, form, transport, options);
  if (!isPathList(paths) || paths.length !== files.length) {
    throw new ClientHttpError("Upload failed: the server's answer is not a list of paths", url, 200, paths);
  }
  return paths.map((path, index) => {
    const file = files[index]!;
    const name = fileName(file);
    return {
      path,
      url: `${apiUrl}/file=${path}`,
      size: file.size,
      ...(name === undefined ? {} : { orig_name: name }),
      mime_type: file.type || null,
      meta: { _type: FILE_DATA_TYPE },
    };
  });
}

const isPathList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === "string");

function fileName(blob: Blob): string | undefined {
  const name = (blob as Blob & { name?: unknown }).name;
  return typeof name === "string" && name ? name : undefined;
}

async function postWithFetch(
  url: string,
  form: FormData,
  transport: Transport,
  options: UploadOptions,
): Promise<unknown> {
  let response: Response;
  try {
    response = await transport.fetch(url, {
      method: "POST",
      body: form,
      headers: transport.headers,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    throw new ClientHttpError(`Upload failed: ${(error as Error).message}`, url, null);
  }
  if (!response.ok) throw await httpError(response, "Upload");
  return response.json();
}

function postWithProgress(
  url: string,
  form: FormData,
  headers: Record<string, string>,
  options: UploadOptions,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => options.onProgress?.(event.loaded, event.total);
    request.onerror = () => reject(new ClientHttpError("Upload failed: network error", url, null));
    request.onabort = () => reject(new ClientHttpError("Upload cancelled", url, null));
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) {
        try {
          resolve(JSON.parse(request.responseText));
        } catch {
          reject(new ClientHttpError("Upload failed: the answer is not JSON", url, request.status));
        }
        return;
      }
      let detail: unknown = request.responseText;
      try {
        detail = (JSON.parse(request.responseText) as { detail?: unknown }).detail ?? detail;
      } catch {
        // plain-text error body (e.g. a size limit), kept as is
      }
      reject(
        new ClientHttpError(
          `Upload failed (HTTP ${request.status})${typeof detail === "string" && detail ? `: ${detail}` : ""}`,
          url,
          request.status,
          detail,
        ),
      );
    };
    options.signal?.addEventListener("abort", () => request.abort(), { once: true });
    request.send(form);
  });
}
