// A progress bar with a label and a cancel button, fed by ProgressUpdate
// messages from a long import or export.
import * as api from "../api";
import { h } from "../dom";
import { percent, progressText } from "../logic/importReport";
import type { ProgressUpdate } from "../types";

export interface ProgressBox {
  el: HTMLElement;
  update(p: ProgressUpdate): void;
  done(): void;
}

export function progressBox(id: string): ProgressBox {
  const bar = h("progress", { max: "100" });
  const label = h("span", { class: "progress-label" }, "Starting…");
  const cancel = h("button", { type: "button", id: `${id}-cancel`, onclick: () => {
    cancel.disabled = true;
    label.textContent = "Cancelling…";
    void api.cancelJob();
  } }, "Cancel");
  const el = h("div", { class: "progress", id, role: "progressbar" }, bar, label, cancel);
  return {
    el,
    update(p) {
      const pc = percent(p);
      if (pc === null) bar.removeAttribute("value");
      else bar.value = pc;
      if (!cancel.disabled) label.textContent = progressText(p);
    },
    done() {
      el.remove();
    },
  };
}
