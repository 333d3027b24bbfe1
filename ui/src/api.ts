// The only module that talks to the Tauri shell: one typed function per
// desktop command, progress channels, the file dialog, drag-and-drop and
// the media URL scheme. Every other module calls these functions.
import { Channel, invoke } from "@tauri-apps/api/core";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { open } from "@tauri-apps/plugin-dialog";
import type {
  Advice, CatalogApp, ChatInfo, Claim, CommandError, Comparison, ExportSettings, ExportSummary,
  FormatInfo, ImportReport, ImportSettings, Insights, LibraryInfo, MessagePosition,
  ProgressUpdate, SearchHit, SearchQuery, Settings, StoredMessage,
} from "./types";

/** A failed command, carrying the shell's `{ code, message }`. */
export class ApiError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

function toError(e: unknown): ApiError {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    const c = e as CommandError;
    return new ApiError(String(c.code), String(c.message));
  }
  return new ApiError("unknown", String(e));
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toError(e);
  }
}

export const libraryInfo = () => call<LibraryInfo>("library_info");
export const listChats = () => call<ChatInfo[]>("list_chats");
export const chatMessages = (chat: number, offset: number, limit: number) =>
  call<StoredMessage[]>("chat_messages", { chat, offset, limit });
export const messagePosition = (messageId: number) =>
  call<MessagePosition | null>("message_position", { messageId });
export const positionAt = (chat: number, unixMs: number) =>
  call<number>("position_at", { chat, unixMs });
export const search = (query: SearchQuery) => call<SearchHit[]>("search", { query });
export const insights = (chat: number | null) => call<Insights>("insights", { chat });

function channel(onProgress: (p: ProgressUpdate) => void): Channel<ProgressUpdate> {
  const ch = new Channel<ProgressUpdate>();
  ch.onmessage = onProgress;
  return ch;
}

export const importPaths = (
  paths: string[], options: ImportSettings, onProgress: (p: ProgressUpdate) => void,
) => call<ImportReport>("import_paths", { paths, options, onProgress: channel(onProgress) });
export const dryRunPaths = (
  paths: string[], options: ImportSettings, onProgress: (p: ProgressUpdate) => void,
) => call<ImportReport>("dry_run_paths", { paths, options, onProgress: channel(onProgress) });
export const cancelJob = () => call<boolean>("cancel_job");

export const exportFormats = () => call<FormatInfo[]>("export_formats");
export const exportChats = (request: ExportSettings, onProgress: (p: ProgressUpdate) => void) =>
  call<ExportSummary>("export_chats", { request, onProgress: channel(onProgress) });
export const revealPath = (path: string) => call<void>("reveal_path", { path });

export const catalogApps = () => call<CatalogApp[]>("catalog_apps");
export const compareApps = (apps: string[]) => call<Comparison>("compare_apps", { apps });
export const catalogClaims = () => call<Claim[]>("catalog_claims");
export const advise = (from: string, to: string) => call<Advice>("advise", { from, to });

export const getSettings = () => call<Settings>("get_settings");
export const setSettings = (settings: Settings) => call<void>("set_settings", { settings });
export const listTimeZones = () => call<string[]>("list_time_zones");

/** Asks for files (or one folder) to import; null when the user cancels. */
export async function pickImportPaths(folder: boolean): Promise<string[] | null> {
  const picked = await open({ multiple: !folder, directory: folder, title: "Choose exports to import" });
  if (picked === null) return null;
  return Array.isArray(picked) ? picked : [picked];
}

/** Asks for a folder (export target, library location); null when cancelled. */
export async function pickFolder(title: string): Promise<string | null> {
  const picked = await open({ directory: true, multiple: false, title });
  return typeof picked === "string" ? picked : null;
}

/** Calls `onDrop` with the paths of files dropped onto the window. */
export async function onFileDrop(
  onDrop: (paths: string[]) => void, onHover: (over: boolean) => void,
): Promise<() => void> {
  return getCurrentWebview().onDragDropEvent((event) => {
    const p = event.payload;
    if (p.type === "over" || p.type === "enter") onHover(true);
    else if (p.type === "leave") onHover(false);
    else if (p.type === "drop") {
      onHover(false);
      onDrop(p.paths);
    }
  });
}

/** The URL under which the shell serves a library media file. */
export function mediaUrl(contentHash: string): string | null {
  return /^[0-9a-f]+$/i.test(contentHash) ? `ferry-media://localhost/${contentHash}` : null;
}
