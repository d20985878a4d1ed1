/** Helpers for FileData values shared by the file components and the examples table. */
import type { FileData } from "../../src/client/index.js";
import { safeLink, useRunner } from "./block.js";

export function fileName(file: FileData): string {
  return file.orig_name || file.path.split(/[\\/]/).pop() || "file";
}

export function useFileUrl(): (file: FileData) => string | null {
  const runner = useRunner();
  return (file) => safeLink(file.url) ?? safeLink(runner.client.fileUrl(file.path));
}
