// Compare view logic: criteria grouped in catalog order, cells per app,
// staleness (older than a year), and which claims concern the chosen apps.
import type { CellValue, Claim, Comparison, CriterionInfo } from "../types";

export const GROUP_TITLES: Record<string, string> = {
  encryption: "Encryption (content)",
  metadata: "Metadata and identity",
  openness: "Openness and assurance",
  features: "Features affecting privacy",
  trust: "Trust and reliability",
};

export function groupTitle(key: string): string {
  return GROUP_TITLES[key] ?? key.charAt(0).toUpperCase() + key.slice(1);
}

export interface Row { criterion: CriterionInfo; cells: (CellValue | null)[] }
export interface Group { key: string; title: string; rows: Row[] }

/** Criteria grouped in the order they come, each row with one cell per app. */
export function groupComparison(c: Comparison): Group[] {
  const groups: Group[] = [];
  for (const criterion of c.criteria) {
    let g = groups.find((x) => x.key === criterion.group);
    if (!g) {
      g = { key: criterion.group, title: groupTitle(criterion.group), rows: [] };
      groups.push(g);
    }
    g.rows.push({ criterion, cells: c.apps.map((a) => a.criteria[criterion.key] ?? null) });
  }
  return groups;
}

/** Whether a cell checked on `asOf` (YYYY-MM-DD) is more than a year old on `today`. */
export function isStale(asOf: string | null | undefined, today: Date): boolean {
  if (!asOf || !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) return false;
  const limit = new Date(Date.UTC(today.getUTCFullYear() - 1, today.getUTCMonth(), today.getUTCDate()));
  return Date.parse(`${asOf}T00:00:00Z`) < limit.getTime();
}

/** Whether the apps differ on a row (ignoring missing cells). */
export function differs(row: Row): boolean {
  const values = row.cells.filter((c): c is CellValue => c !== null).map((c) => c.value);
  return new Set(values).size > 1;
}

/** Claims about at least one of the apps. */
export function claimsFor(claims: Claim[], apps: string[]): Claim[] {
  return claims.filter((cl) => cl.apps.some((a) => apps.includes(a)));
}

/** Toggles `id` in a selection of at most `max` apps (oldest pick dropped when full). */
export function togglePick(picked: string[], id: string, max = 4): string[] {
  if (picked.includes(id)) return picked.filter((p) => p !== id);
  const next = [...picked, id];
  return next.length > max ? next.slice(next.length - max) : next;
}
