/** Helpers for FileData values shared by the file components and the examples table. */
import type { FileData } from "../../src/protocol/index.js";
import { safeLink, useDispatcher } from "./block.js";

export function fileName(file: FileData): string {
  return file.orig_name || file.path.split(/[\\/]/).pop() || "file";
}

export function useFileUrl(): (file: FileData) => string | null {
  const dispatcher = useDispatcher();
  return (file) => safeLink(file.url) ?? safeLink(dispatcher.client.fileUrl(file.path));
}
