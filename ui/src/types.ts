// The JSON shapes the desktop commands return and accept, written from the
// Rust serde types (model, store, core, catalog). One place for the UI to
// import them from; generated bindings replace the hand-written ones.

export type AppId =
  | "whatsapp" | "telegram" | "signal" | "messenger" | "instagram" | "discord" | "sms"
  | "imessage" | "x" | "slack" | "matrix" | "line" | "kakaotalk" | "google-chat" | "threema";

/** RFC 3339 with the offset the message was written in. */
export type Timestamp = string;

export type ChatKind = "direct" | "group" | "channel";
export type MediaKind =
  | "image" | "video" | "audio" | "voice" | "sticker" | "gif" | "document" | "contact" | "other";
export type MessageKind =
  | "text" | "media" | "system" | "call" | "location" | "contact" | "poll" | "sticker" | "deleted";

export interface Participant {
  key: string;
  name: string;
  phone: string | null;
  handle: string | null;
  native_id: string | null;
  is_me: boolean;
}
export interface Member extends Participant { id: number }

export interface ChatInfo {
  id: number;
  app: AppId;
  native_id: string | null;
  title: string;
  kind: ChatKind;
  participants: Member[];
  messages: number;
  attachments: number;
  first: Timestamp | null;
  last: Timestamp | null;
}

export interface Attachment {
  file_name: string;
  media_kind: MediaKind;
  mime: string | null;
  size: number | null;
  content_hash: string | null;
}
export interface Reaction { emoji: string; by: string | null; at: Timestamp | null }
export interface Message {
  native_id: string | null;
  sender: string | null;
  sent_at: Timestamp;
  text: string;
  kind: MessageKind;
  attachments: Attachment[];
  reply_to: string | null;
  edited: boolean;
  edited_at: Timestamp | null;
  forwarded_from: string | null;
  reactions: Reaction[];
}
export interface StoredMessage {
  id: number;
  chat_id: number;
  sender_name: string | null;
  sender_is_me: boolean;
  reply_to_id: number | null;
  message: Message;
}

export interface Stats {
  messages: number;
  attachments: number;
  attachment_bytes: number;
  first: Timestamp | null;
  last: Timestamp | null;
  per_sender: [string, number][];
  per_month: [string, number][];
  per_kind: [string, number][];
  hour_weekday: number[][];
}
export interface LibraryInfo { dir: string; stats: Stats }

export interface SearchQuery {
  text: string;
  chat: number | null;
  app: AppId | null;
  sender: string | null;
  since: number | null;
  until: number | null;
  limit: number;
  offset: number;
}
export interface SearchHit {
  message_id: number;
  chat_id: number;
  chat_title: string;
  app: AppId;
  sent_at: Timestamp;
  sender: string | null;
  snippet: string;
  /** UTF-8 byte ranges into `snippet`. */
  highlights: [number, number][];
}
export interface MessagePosition { chat: number; position: number }

/** Messages per month, per sender and a 7 x 24 weekday (Monday first) x hour grid. */
export interface Insights {
  messages: number;
  per_month: [string, number][];
  per_sender: [string, number][];
  hour_weekday: number[][];
}

export type Phase = "scanning" | "importing" | "indexing" | "exporting";
export interface ProgressUpdate { phase: Phase; label: string; done: number; total: number }

export type DateOrder = "dmy" | "mdy" | "ymd";
export interface ImportSettings {
  format?: string | null;
  tz?: string | null;
  dateOrder?: DateOrder | null;
  me?: string | null;
  passphrase?: string | null;
  attachmentsDir?: string | null;
}
export interface SkippedItem { location: string; reason: string }
export interface SourceReport {
  path: string;
  format: string | null;
  label: string;
  chats: number;
  messages: number;
  new_messages: number;
  attachments: number;
  warnings: string[];
  skipped: SkippedItem[];
  error?: string;
}
export interface ImportReport { sources: SourceReport[]; dry_run: boolean }

export interface FormatInfo { id: string; description: string; target: string; lost: string }
export interface ExportSettings {
  chats: number[];
  format: string;
  out: string;
  renames?: Record<string, string>;
  phones?: Record<string, string>;
  me?: string | null;
  since?: number | null;
  until?: number | null;
  includeMedia?: boolean | null;
  degradeToText?: boolean | null;
  timeZone?: string | null;
}
export interface ChatSummary { title: string; messages: number; parts: number; target_hint?: string }
export interface ExportSummary {
  format: string;
  chats: ChatSummary[];
  messages: number;
  attachments_written: number;
  attachments_missing: number;
  degraded: { reason: string; count: number }[];
  files: string[];
}

export type Theme = "light" | "dark" | "system";
export interface Settings { libraryDir: string | null; defaultTimeZone: string | null; theme: Theme }

export interface CommandError { code: string; message: string }

// ---- catalog ----
export type Basis = "vendor-claim" | "independent" | "source-code" | "inferred";
export interface Source { url: string; title: string }
export interface CellValue {
  value: string;
  as_of: string | null;
  source: Source | null;
  evidence: string | null;
  basis: Basis | null;
  note: string | null;
}
export interface IncidentEntry { date: string; kind: string; cve: string | null; summary: string; source: Source }
export interface CatalogApp {
  id: string;
  name: string;
  website: string;
  cells: Record<string, CellValue>;
  incidents: IncidentEntry[];
}
export type CriterionKind = "choice" | "text" | "records";
export interface CriterionInfo {
  key: string;
  group: string;
  title: string;
  definition: string;
  values: string[];
  ranked: boolean;
  kind: CriterionKind;
}
export interface ComparedApp {
  id: string;
  name: string;
  criteria: Record<string, CellValue>;
  incidents: IncidentEntry[];
}
export interface Comparison { apps: ComparedApp[]; criteria: CriterionInfo[] }
export type Verdict = "true" | "false" | "misleading" | "partly-true" | "unverifiable";
export interface Claim {
  id: string;
  claim: string;
  said_by: string;
  said_on: string;
  apps: string[];
  verdict: Verdict;
  explanation: string;
  as_of: string;
  sources: Source[];
}
export interface AppExport {
  app: string;
  available: "yes" | "no" | "unknown";
  how: string;
  limits?: string[];
  source: Source | null;
}
export interface ImportPath {
  to: string;
  from?: string[];
  ferry_format: string;
  official: boolean;
  steps: string[];
  lost: string[];
  source: Source;
}
export interface Change { key: string; title: string; from: string; to: string }
export interface GroupAdvice {
  group: string;
  title: string;
  gains: Change[];
  losses: Change[];
  differences: Change[];
  unknown: Change[];
  same: number;
}
export interface Advice {
  from: { id: string; name: string };
  to: { id: string; name: string };
  groups: GroupAdvice[];
  history: { export: AppExport | null; paths: ImportPath[]; summary: string };
  target_limits: { key: string; value: string; explanation: string; as_of: string | null }[];
}
