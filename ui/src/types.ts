// The JSON shapes of the desktop commands, under the names the views use:
// re-exported from the TypeScript bindings generated from the Rust types
// (`src/bindings/`, checked against them by a test of the shell).

export type { App as AppId } from "./bindings/App";
export type { Timestamp } from "./bindings/Timestamp";
export type { ChatKind } from "./bindings/ChatKind";
export type { MediaKind } from "./bindings/MediaKind";
export type { MessageKind } from "./bindings/MessageKind";
export type { Member } from "./bindings/Member";
export type { ChatInfo } from "./bindings/ChatInfo";
export type { Attachment } from "./bindings/Attachment";
export type { Reaction } from "./bindings/Reaction";
export type { Message } from "./bindings/Message";
export type { StoredMessage } from "./bindings/StoredMessage";
export type { LibraryInfo } from "./bindings/LibraryInfo";
export type { SearchQuery } from "./bindings/SearchQuery";
export type { SearchHit } from "./bindings/SearchHit";
export type { MessagePosition } from "./bindings/MessagePosition";
export type { Insights } from "./bindings/Insights";
export type { Phase } from "./bindings/Phase";
export type { ProgressUpdate } from "./bindings/ProgressUpdate";
export type { ImportSettings } from "./bindings/ImportSettings";
export type { SkippedItem } from "./bindings/SkippedItem";
export type { SourceReport } from "./bindings/SourceReport";
export type { ImportReport } from "./bindings/ImportReport";
export type { FormatInfo } from "./bindings/FormatInfo";
export type { ExportSettings } from "./bindings/ExportSettings";
export type { ChatSummary } from "./bindings/ChatSummary";
export type { ExportSummary } from "./bindings/ExportSummary";
export type { Theme } from "./bindings/Theme";
export type { Settings } from "./bindings/Settings";
export type { CommandError } from "./bindings/CommandError";
export type { Basis } from "./bindings/Basis";
export type { Source } from "./bindings/Source";
export type { CellValue } from "./bindings/CellValue";
export type { IncidentEntry } from "./bindings/IncidentEntry";
export type { CatalogApp } from "./bindings/CatalogApp";
export type { CriterionKind } from "./bindings/CriterionKind";
export type { CriterionInfo } from "./bindings/CriterionInfo";
export type { ComparedApp } from "./bindings/ComparedApp";
export type { Comparison } from "./bindings/Comparison";
export type { Verdict } from "./bindings/Verdict";
export type { Claim } from "./bindings/Claim";
export type { AppExport } from "./bindings/AppExport";
export type { ImportPath } from "./bindings/ImportPath";
export type { Change } from "./bindings/Change";
export type { GroupAdvice } from "./bindings/GroupAdvice";
export type { Advice } from "./bindings/Advice";

/** Date order of exports that print ambiguous dates. */
export type DateOrder = "dmy" | "mdy" | "ymd";
