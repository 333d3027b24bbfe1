// Export view logic: turns a chosen target app into what the user needs to
// know: which Ferry format to write, what the target receives, what is lost
// and the steps on the phone, from the catalog's migration paths (via the
// advisor) and the exporters' FormatInfo.
import type { Advice, FormatInfo, ImportPath } from "../types";

/** Targets that are not apps: readable archives. */
export const ARCHIVE_FORMATS = ["html", "markdown", "txt", "jsonl", "csv"] as const;

export interface TargetPlan {
  format: string;
  receives: string;
  lost: string[];
  steps: string[];
  official: boolean | null;
  source: { url: string; title: string } | null;
  summary: string;
}

/** Plans an export for an app target; null when no path exists into it. */
export function planForApp(advice: Advice, formats: FormatInfo[]): TargetPlan | null {
  const path: ImportPath | undefined =
    advice.history.paths.find((p) => p.official) ?? advice.history.paths[0];
  if (!path) return null;
  const info = formats.find((f) => f.id === path.ferry_format);
  const lost = [...path.lost];
  if (info && !lost.some((l) => l === info.lost)) lost.push(info.lost);
  return {
    format: path.ferry_format,
    receives: info ? `${info.description}. ${info.target}` : path.ferry_format,
    lost,
    steps: path.steps,
    official: path.official,
    source: path.source,
    summary: advice.history.summary,
  };
}

/** Plans an export into a readable archive format (no app involved). */
export function planForArchive(id: string, formats: FormatInfo[]): TargetPlan | null {
  const info = formats.find((f) => f.id === id);
  if (!info) return null;
  return {
    format: id,
    receives: info.description,
    lost: [info.lost],
    steps: [`Open it with: ${info.target}.`],
    official: null,
    source: null,
    summary: `A ${id} archive you keep: ${info.target}.`,
  };
}

/** Parses "Old Name = New Name" lines into a rename map, reporting bad lines. */
export function parseRenames(text: string): { renames: Record<string, string>; errors: string[] } {
  const renames: Record<string, string> = {};
  const errors: string[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const at = line.lastIndexOf("=");
    const from = at > 0 ? line.slice(0, at).trim() : "";
    const to = at > 0 ? line.slice(at + 1).trim() : "";
    if (!from || !to) errors.push(`line ${i + 1}: expected "Old name = New name"`);
    else renames[from] = to;
  });
  return { renames, errors };
}
