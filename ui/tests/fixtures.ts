// Builders of StoredMessage / ChatInfo values for the unit tests.
import type { ChatInfo, Message, StoredMessage } from "../src/types";

let nextId = 1;

export function msg(sentAt: string, text: string, extra: Partial<StoredMessage> & { m?: Partial<Message> } = {}): StoredMessage {
  const { m, ...rest } = extra;
  return {
    id: nextId++, chat_id: 1, sender_name: "Ana", sender_is_me: false, reply_to_id: null,
    message: {
      native_id: null, sender: "Ana", sent_at: sentAt, text, kind: "text", attachments: [], reply_to: null,
      edited: false, edited_at: null, forwarded_from: null, reactions: [], ...m,
    },
    ...rest,
  };
}

export function chat(id: number, title: string, extra: Partial<ChatInfo> = {}): ChatInfo {
  return {
    id, app: "whatsapp", native_id: null, title, kind: "direct", participants: [], messages: 10,
    attachments: 0, first: "2024-01-01T10:00:00+00:00", last: "2024-02-01T10:00:00+00:00", ...extra,
  };
}
