// Fonts are found and loaded the first time text needs them. On the first
// open of a chat whose messages mix scripts and emoji, the timeline's
// first layout spent tens of milliseconds on font fallback, on the click
// path. `warmUpFonts` lays out (without painting) a line in the scripts
// chats most often hold, in the weights and sizes the timeline uses, once
// the app has drawn its first view, so that cost is paid while the user is
// still looking at the library.

/** A few letters of each common script, and emoji (ZWJ sequence and flag included). */
export const SCRIPTS_SAMPLE =
  "Aa Éé Ææ Łł Şş Жж Ωω Աա ქ عرب فارسی עב हि বা ਪੰ த తె ಕ മ ශ ไทย ລາວ ខ្មែ မြ ግ " +
  "日本語 かな カナ 한국어 中文 繁體 😀 👍 ❤️ 🎉 🙏 😂 🔥 👨‍👩‍👧 🇳🇱";

/** Font weight and size of the timeline's text: body, sender, system line, time. */
const STYLES: [string, string][] = [["400", "14px"], ["600", "12px"], ["400", "12px"], ["400", "11px"]];

/** Lays out `sample` in the timeline's text styles off screen, then removes it. */
export function warmUpFonts(doc: Document, sample: string = SCRIPTS_SAMPLE): void {
  const box = doc.createElement("div");
  box.setAttribute("aria-hidden", "true");
  box.style.cssText =
    "position:absolute;left:-10000px;top:0;width:600px;visibility:hidden;pointer-events:none";
  for (const [weight, size] of STYLES) {
    const line = doc.createElement("div");
    line.style.fontWeight = weight;
    line.style.fontSize = size;
    line.textContent = sample;
    box.appendChild(line);
  }
  doc.body.appendChild(box);
  // Reading the geometry forces the layout, which looks the fonts up.
  box.getBoundingClientRect();
  box.remove();
}
