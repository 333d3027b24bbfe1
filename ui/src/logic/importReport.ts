// Import view logic: totals over an import report, the one-line verdict,
// and progress text/percentages from progress updates.
import type { ImportReport, ProgressUpdate } from "../types";

export interface Totals {
  sources: number; failed: number; chats: number; messages: number;
  newMessages: number; merged: number; attachments: number; skipped: number; warnings: number;
}

export function totals(r: ImportReport): Totals {
  const t: Totals = { sources: 0, failed: 0, chats: 0, messages: 0, newMessages: 0, merged: 0, attachments: 0, skipped: 0, warnings: 0 };
  for (const s of r.sources) {
    t.sources++;
    if (s.error) { t.failed++; continue; }
    t.chats += s.chats;
    t.messages += s.messages;
    t.newMessages += s.new_messages;
    t.merged += Math.max(0, s.messages - s.new_messages);
    t.attachments += s.attachments;
    t.skipped += s.skipped.length;
    t.warnings += s.warnings.length;
  }
  return t;
}

export function verdict(r: ImportReport): string {
  const t = totals(r);
  if (t.sources === 0) return "No export was found in what you chose.";
  const parts = [
    r.dry_run ? `${t.messages} messages would be read` : `${t.newMessages} new messages imported`,
    !r.dry_run && t.merged ? `${t.merged} already in the library (merged)` : "",
    t.skipped ? `${t.skipped} items skipped` : "",
    t.failed ? `${t.failed} of ${t.sources} exports failed` : "",
  ].filter(Boolean);
  return `${parts.join(", ")}.`;
}

const PHASES: Record<ProgressUpdate["phase"], string> = {
  scanning: "Looking for exports", importing: "Importing", indexing: "Updating the search index", exporting: "Exporting",
};

/** Percentage 0..100, or null when the total is unknown. */
export function percent(p: ProgressUpdate): number | null {
  return p.total > 0 ? Math.min(100, Math.round((p.done / p.total) * 100)) : null;
}

export function progressText(p: ProgressUpdate): string {
  const pc = percent(p);
  return `${PHASES[p.phase] ?? p.phase}${p.label ? `: ${p.label}` : ""}${pc === null ? "" : ` (${pc}%)`}`;
}

/** Splits a path field: one path per line, or several separated by ";". */
export function splitPaths(text: string): string[] {
  return text.split(/[\n;]/).map((s) => s.trim()).filter(Boolean);
}
