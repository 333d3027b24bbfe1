// Renders one timeline row: optional day separator, then the message with
// sender (coloured), reply link, forwarded mark, text (as text nodes; links
// shown but inert), inline media from the library, edited/deleted marks,
// time and reactions. System and call lines are centred notes.
import { mediaUrl } from "../api";
import { h, type Child } from "../dom";
import { dayLabel, timeOfDay, bytes } from "../format";
import { continuesRun, foldReactions, isSystemLine, senderColor, separatorBefore, splitLinks } from "../logic/timeline";
import type { Attachment, StoredMessage } from "../types";

export interface RowHooks {
  /** Jump to the message with this store id (a reply's original). */
  jumpTo(messageId: number): void;
  /** Text of a message already loaded, for reply previews. */
  lookup(messageId: number): StoredMessage | undefined;
}

export function textNodes(text: string): Child[] {
  return splitLinks(text).map((part) =>
    part.link
      ? h("span", { class: "link", title: "Links are not opened inside Ferry" }, part.text)
      : part.text);
}

function media(a: Attachment): Child {
  const url = a.content_hash ? mediaUrl(a.content_hash) : null;
  const label = `${a.file_name}${a.size ? ` (${bytes(a.size)})` : ""}`;
  if (!url) return h("div", { class: "file missing", title: "Not in the export" }, `📎 ${label} — missing`);
  switch (a.media_kind) {
    case "image": case "sticker": case "gif":
      return h("img", {
        class: "media", src: url, alt: a.file_name, loading: "lazy", draggable: "false",
        onerror: (ev: Event) => (ev.target as HTMLElement).replaceWith(
          h("div", { class: "file missing" }, `📎 ${label} — cannot be shown`)),
      });
    case "video":
      return h("video", { class: "media", src: url, controls: true, preload: "metadata" });
    case "audio": case "voice":
      return h("audio", { src: url, controls: true, preload: "none" });
    default:
      return h("div", { class: "file" }, `📎 ${label}`);
  }
}

function replyLine(m: StoredMessage, hooks: RowHooks): Child {
  if (m.reply_to_id === null) return null;
  const target = m.reply_to_id;
  const quoted = hooks.lookup(target);
  const preview = quoted
    ? `${quoted.sender_name ?? ""}: ${quoted.message.text.slice(0, 80)}`
    : "an earlier message";
  return h("button", {
    type: "button", class: "reply", "data-reply-to": target, title: "Show the quoted message",
    onclick: () => hooks.jumpTo(target),
  }, "↩ ", preview);
}

export function renderRow(m: StoredMessage, prev: StoredMessage | null | undefined, hooks: RowHooks): HTMLElement {
  const day = separatorBefore(m, prev);
  const sep = day ? h("div", { class: "day-sep" }, h("span", null, dayLabel(day))) : null;
  const msg = m.message;
  const base = { "data-testid": "message", "data-message-id": m.id };
  if (isSystemLine(m)) {
    return h("div", { class: "row" }, sep,
      h("div", { ...base, class: "msg system" }, textNodes(msg.text), " · ", timeOfDay(msg.sent_at)));
  }
  const deleted = msg.kind === "deleted";
  const sender = m.sender_name ?? msg.sender ?? "Unknown";
  const showName = !continuesRun(m, prev);
  const reactions = foldReactions(m);
  return h("div", { class: "row" }, sep,
    h("div", { ...base, class: `msg${m.sender_is_me ? " me" : ""}${deleted ? " deleted" : ""}${showName ? "" : " cont"}` },
      showName ? h("div", { class: `sender c${senderColor(sender)}` }, sender) : null,
      replyLine(m, hooks),
      msg.forwarded_from ? h("div", { class: "fwd" }, `Forwarded from ${msg.forwarded_from}`) : null,
      deleted
        ? h("div", { class: "body" }, h("em", null, "This message was deleted"))
        : msg.text ? h("div", { class: "body" }, textNodes(msg.text)) : null,
      deleted ? null : msg.attachments.map(media),
      h("div", { class: "meta" },
        msg.edited ? h("span", { class: "edited", title: msg.edited_at ?? "" }, "edited") : null,
        h("time", { datetime: msg.sent_at, title: msg.sent_at }, timeOfDay(msg.sent_at))),
      reactions.length
        ? h("div", { class: "reactions" }, reactions.map((r) =>
          h("span", { class: "reaction", title: r.by.join(", ") }, r.emoji, r.count > 1 ? ` ${r.count}` : "")))
        : null));
}

/** A grey placeholder row while its page loads. */
export function placeholderRow(): HTMLElement {
  return h("div", { class: "row" }, h("div", { class: "msg loading" }, "…"));
}
