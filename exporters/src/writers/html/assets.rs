//! Static files of the HTML archive: the style sheet (light, dark and
//! print), the search page and its script. The script builds results with
//! `textContent` only, never HTML strings, so indexed text stays inert.

pub(crate) const STYLE_CSS: &str = r#":root {
  --bg: #f6f6f3; --fg: #1d1d1b; --muted: #6b6b66; --card: #ffffff; --me: #e3f1df;
  --line: #deded8; --accent: #2f6f8f; --system: #efefe9;
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #151716; --fg: #e7e7e2; --muted: #9a9a93; --card: #202322; --me: #23372a;
          --line: #313533; --accent: #7fb8d4; --system: #1c1f1e; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
       font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header.top { padding: 1rem 1.25rem; border-bottom: 1px solid var(--line); }
header.top h1 { margin: 0 0 .25rem; font-size: 1.3rem; }
header.top p, nav { margin: 0; color: var(--muted); }
nav a, a { color: var(--accent); }
main { max-width: 52rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
.day { text-align: center; margin: 1.5rem 0 .75rem; color: var(--muted); font-size: .85rem; }
.day span { background: var(--system); padding: .2rem .7rem; border-radius: 1rem; }
article.msg { background: var(--card); border: 1px solid var(--line); border-radius: .6rem;
              padding: .5rem .75rem; margin: .4rem 0; max-width: 85%; overflow-wrap: anywhere; }
article.msg.me { margin-left: auto; background: var(--me); }
article.msg > header { font-size: .85rem; color: var(--muted); }
article.msg > header .from { font-weight: 600; color: var(--fg); }
a.time { color: var(--muted); text-decoration: none; }
.text { white-space: pre-wrap; margin: .2rem 0; }
.deleted .text { font-style: italic; color: var(--muted); }
.reply { display: block; border-left: 3px solid var(--accent); padding-left: .5rem; margin: .2rem 0;
         color: var(--muted); font-size: .9rem; text-decoration: none; }
.fwd { color: var(--muted); font-size: .85rem; margin: .1rem 0; }
.edited { font-style: italic; }
.media img, .media video { max-width: 100%; max-height: 26rem; border-radius: .4rem; display: block; }
.media audio { width: 100%; }
ul.reactions { list-style: none; padding: 0; margin: .3rem 0 0; display: flex; gap: .3rem; flex-wrap: wrap; }
ul.reactions li { background: var(--system); border-radius: 1rem; padding: 0 .5rem; font-size: .85rem; }
p.system { text-align: center; color: var(--muted); font-size: .85rem; margin: .5rem 0; white-space: pre-wrap; }
table.chats { width: 100%; border-collapse: collapse; }
table.chats td, table.chats th { text-align: left; padding: .4rem .3rem; border-bottom: 1px solid var(--line); }
.pager { display: flex; justify-content: space-between; margin: 1.5rem 0; }
#results li { margin: .5rem 0; }
#results .meta { color: var(--muted); font-size: .85rem; display: block; }
input[type=search] { width: 100%; font-size: 1rem; padding: .5rem; }
:target { outline: 2px solid var(--accent); }
@media print {
  :root { --bg: #fff; --fg: #000; --card: #fff; --me: #fff; --line: #999; --system: #fff; }
  nav, .pager, .search-link { display: none; }
  article.msg { max-width: 100%; break-inside: avoid; }
  .media video, .media audio { display: none; }
}
"#;

pub(crate) const SEARCH_HTML: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Search</title>
<link rel="stylesheet" href="style.css">
</head>
<body>
<header class="top"><h1>Search</h1><nav><a href="index.html">All chats</a></nav></header>
<main>
<noscript><p>Search needs JavaScript. Every chat can still be read from the <a href="index.html">list of chats</a>.</p></noscript>
<form id="form"><input type="search" id="q" placeholder="Search all messages" autofocus></form>
<p id="status"></p>
<ol id="results"></ol>
</main>
<script src="search-index.js"></script>
<script src="search.js"></script>
</body>
</html>
"#;

pub(crate) const SEARCH_JS: &str = r##"// Offline search over search-index.js. Results are built with textContent
// only, so message text is never interpreted as HTML.
(function () {
  "use strict";
  var index = window.FERRY_INDEX || [];
  var chats = window.FERRY_CHATS || [];
  var form = document.getElementById("form");
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("status");
  var LIMIT = 500;
  function run() {
    var q = input.value.trim().toLowerCase();
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!q) { status.textContent = ""; return; }
    var found = 0;
    for (var i = 0; i < index.length && found < LIMIT; i++) {
      var e = index[i]; // [chat, page, id, sender, date, text]
      if (String(e[5]).toLowerCase().indexOf(q) < 0 && String(e[3]).toLowerCase().indexOf(q) < 0) continue;
      found++;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e[1] + "#m" + e[2];
      a.textContent = e[5] || "(no text)";
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = (chats[e[0]] || "") + " · " + e[3] + " · " + e[4];
      li.appendChild(meta);
      li.appendChild(a);
      list.appendChild(li);
    }
    status.textContent = found >= LIMIT ? "First " + LIMIT + " matches" : found + " matches";
  }
  form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
  input.addEventListener("input", run);
})();
"##;
