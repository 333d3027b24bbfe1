// Builds the store's SearchQuery from the search form's raw field values,
// validating dates (an inclusive "until" day covers that whole day).
import { dayStartMs } from "../format";
import type { AppId, SearchQuery } from "../types";

export interface SearchForm {
  text: string;
  app: string;
  chat: string;
  sender: string;
  since: string;
  until: string;
}

export const PAGE = 50;
const DAY_MS = 86_400_000;

export function buildQuery(f: SearchForm, page = 0): SearchQuery | { error: string } {
  const text = f.text.trim();
  if (!text) return { error: "Type something to search for." };
  const since = f.since ? dayStartMs(f.since) : null;
  const untilDay = f.until ? dayStartMs(f.until) : null;
  if (f.since && since === null) return { error: `"${f.since}" is not a date (YYYY-MM-DD).` };
  if (f.until && untilDay === null) return { error: `"${f.until}" is not a date (YYYY-MM-DD).` };
  const until = untilDay === null ? null : untilDay + DAY_MS; // exclusive: the whole last day
  if (since !== null && until !== null && since > until) return { error: "The start date is after the end date." };
  const chat = f.chat ? Number(f.chat) : null;
  return {
    text,
    app: f.app ? (f.app as AppId) : null,
    chat: chat !== null && Number.isInteger(chat) ? chat : null,
    sender: f.sender.trim() || null,
    since,
    until,
    limit: PAGE,
    offset: page * PAGE,
  };
}
