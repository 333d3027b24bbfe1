//! A self-contained static HTML page (inline CSS and JS, no network): one row
//! per app, one column per criterion; sortable by clicking a header,
//! filterable by criterion (columns) and by value (rows). Every cell shows the
//! value, the date checked, the basis and a source link; cells checked more
//! than a year before `today` are marked stale. All text is HTML-escaped.

use super::is_stale;
use crate::compare::{ComparedApp, Comparison, CriterionInfo};
use crate::values::position;
use chrono::NaiveDate;
use std::fmt::Write as _;

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// A URL safe to put in `href`: only http(s), otherwise `#`.
fn safe_href(url: &str) -> String {
    if url.starts_with("https://") || url.starts_with("http://") {
        escape(url)
    } else {
        "#".to_string()
    }
}

const STYLE: &str = r#"
body{font:14px/1.4 system-ui,sans-serif;margin:1rem;color:#1b1b1b;background:#fff}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}
.controls{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start;margin:.5rem 0 1rem}
.controls fieldset{border:1px solid #ccc;max-height:12rem;overflow:auto;padding:.3rem .6rem}
.wrap{overflow:auto;max-height:80vh;border:1px solid #ccc}
table{border-collapse:collapse}
th,td{border:1px solid #ddd;padding:.35rem .5rem;vertical-align:top;min-width:9rem}
thead th{position:sticky;top:0;background:#f3f3f3;cursor:pointer;z-index:2}
tbody th{position:sticky;left:0;background:#fafafa;z-index:1;text-align:left}
th .grp{display:block;font-weight:normal;font-size:.75rem;color:#555}
.v{font-weight:600;display:block}
.meta{font-size:.75rem;color:#444}
.b{border-radius:3px;padding:0 .25rem;font-size:.7rem;border:1px solid #999}
.b-vendor-claim{background:#fff4d6}.b-independent{background:#dff3df}.b-source-code{background:#dde8ff}.b-inferred{background:#f2dede}
td.unknown .v{color:#777;font-style:italic}
td.stale{background:repeating-linear-gradient(45deg,#fff,#fff 6px,#f2f2f2 6px,#f2f2f2 12px)}
td.stale .meta::after{content:" (stale)";color:#a00}
.legend{font-size:.8rem;color:#333}
dl dt{font-weight:600;margin-top:.5rem}
@media print{.controls{display:none}.wrap{max-height:none;overflow:visible}}
"#;

const SCRIPT: &str = r#"
(function(){
var table=document.getElementById('cmp');if(!table)return;
var body=table.tBodies[0];
function cells(k){return table.querySelectorAll('[data-col="'+k+'"]');}
document.querySelectorAll('input.colsel').forEach(function(box){
 box.addEventListener('change',function(){cells(box.value).forEach(function(c){c.style.display=box.checked?'':'none';});});
});
var dir={};
table.querySelectorAll('thead th[data-key]').forEach(function(th){
 th.addEventListener('click',function(){
  var k=th.getAttribute('data-key');dir[k]=!dir[k];
  var rows=Array.prototype.slice.call(body.rows);
  rows.sort(function(a,b){
   var x=a.querySelector('[data-col="'+k+'"]'),y=b.querySelector('[data-col="'+k+'"]');
   var xs=x?x.getAttribute('data-sort'):'',ys=y?y.getAttribute('data-sort'):'';
   var r=xs.localeCompare(ys,undefined,{numeric:true});return dir[k]?r:-r;
  });
  rows.forEach(function(r){body.appendChild(r);});
 });
});
var crit=document.getElementById('fcrit'),val=document.getElementById('fval');
function apply(){
 var k=crit.value,q=val.value.toLowerCase();
 Array.prototype.forEach.call(body.rows,function(r){
  if(!k||!q){r.style.display='';return;}
  var c=r.querySelector('[data-col="'+k+'"]');
  var v=c?c.getAttribute('data-value').toLowerCase():'';
  r.style.display=v.indexOf(q)>=0?'':'none';
 });
}
crit.addEventListener('change',apply);val.addEventListener('input',apply);
})();
"#;

fn cell_html(s: &mut String, app: &ComparedApp, c: &CriterionInfo, today: NaiveDate) {
    let Some(cell) = app.criteria.get(&c.key) else {
        let _ = write!(
            s,
            "<td data-col=\"{}\" data-sort=\"~\" data-value=\"\"></td>",
            escape(&c.key)
        );
        return;
    };
    let rank = if c.ranked {
        position(&c.values, &cell.value).map_or_else(|| "9".repeat(3), |p| format!("{p:03}"))
    } else {
        cell.value.to_lowercase()
    };
    let sort = if cell.is_unknown() {
        "~".to_string()
    } else {
        rank
    };
    let mut class = Vec::new();
    if cell.is_unknown() {
        class.push("unknown");
    }
    if is_stale(cell.as_of.as_deref(), today) {
        class.push("stale");
    }
    let mut tip = String::new();
    if let Some(e) = &cell.evidence {
        tip.push_str(e);
    }
    if let Some(n) = &cell.note {
        if !tip.is_empty() {
            tip.push_str(" — ");
        }
        tip.push_str(n);
    }
    let _ = write!(
        s,
        "<td data-col=\"{}\" data-sort=\"{}\" data-value=\"{}\" class=\"{}\" title=\"{}\"><span class=\"v\">{}</span><span class=\"meta\">",
        escape(&c.key),
        escape(&sort),
        escape(&cell.value),
        class.join(" "),
        escape(&tip),
        escape(&cell.value)
    );
    let mut meta = Vec::new();
    if let Some(d) = &cell.as_of {
        meta.push(format!("<time>{}</time>", escape(d)));
    }
    if let Some(b) = cell.basis {
        meta.push(format!("<span class=\"b b-{0}\">{0}</span>", b.as_str()));
    }
    if let Some(src) = &cell.source {
        meta.push(format!(
            "<a href=\"{}\" title=\"{}\" rel=\"noopener noreferrer\">source</a>",
            safe_href(&src.url),
            escape(&src.title)
        ));
    }
    s.push_str(&meta.join(" · "));
    s.push_str("</span></td>");
}

fn lists_html(s: &mut String, app: &ComparedApp) {
    let link =
        |url: &str, title: &str| format!("<a href=\"{}\">{}</a>", safe_href(url), escape(title));
    let mut items = Vec::new();
    for e in &app.incidents {
        let cve = e
            .cve
            .as_deref()
            .map(|c| format!(" {}", escape(c)))
            .unwrap_or_default();
        items.push(format!(
            "<li><time>{}</time> incident ({}{}): {} — {}</li>",
            escape(&e.date),
            escape(&e.kind),
            cve,
            escape(&e.summary),
            link(&e.source.url, &e.source.title)
        ));
    }
    for e in &app.outages {
        items.push(format!(
            "<li><time>{}</time> outage, {}: {} — {}</li>",
            escape(&e.start),
            escape(&e.duration),
            escape(&e.scope),
            link(&e.source.url, &e.source.title)
        ));
    }
    for e in &app.legal_events {
        items.push(format!(
            "<li><time>{}</time> legal ({}): {} — {}</li>",
            escape(&e.date),
            escape(&e.jurisdiction),
            escape(&e.summary),
            link(&e.source.url, &e.source.title)
        ));
    }
    for e in &app.ownership_changes {
        items.push(format!(
            "<li><time>{}</time> ownership: {} — {}</li>",
            escape(&e.date),
            escape(&e.summary),
            link(&e.source.url, &e.source.title)
        ));
    }
    if items.is_empty() {
        return;
    }
    let _ = write!(
        s,
        "<h3 id=\"app-{}\">{}</h3><ul>{}</ul>",
        escape(&app.id),
        escape(&app.name),
        items.join("")
    );
}

/// Renders a self-contained HTML page; `today` decides which cells are stale.
pub fn render_html(cmp: &Comparison, today: NaiveDate) -> String {
    let mut s = String::with_capacity(64 * 1024);
    s.push_str("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
    s.push_str("<title>Messenger comparison — Ferry</title><style>");
    s.push_str(STYLE);
    s.push_str("</style></head><body><h1>Messenger comparison</h1>");
    let _ = write!(
        s,
        "<p class=\"legend\">Generated for {}. Each cell shows the value, the date it was checked, its basis \
         (<span class=\"b b-vendor-claim\">vendor-claim</span> <span class=\"b b-independent\">independent</span> \
         <span class=\"b b-source-code\">source-code</span> <span class=\"b b-inferred\">inferred</span>) and a source link; \
         hover for the evidence. <i>unknown</i> means no sourced fact. Striped cells were checked more than a year ago.</p>",
        escape(&today.to_string())
    );
    s.push_str("<div class=\"controls\"><fieldset><legend>Criteria shown</legend>");
    for c in &cmp.criteria {
        let _ = write!(
            s,
            "<label><input type=\"checkbox\" class=\"colsel\" value=\"{0}\" checked> {1}</label><br>",
            escape(&c.key),
            escape(&c.title)
        );
    }
    s.push_str("</fieldset><label>Filter apps where <select id=\"fcrit\"><option value=\"\">(criterion)</option>");
    for c in &cmp.criteria {
        let _ = write!(
            s,
            "<option value=\"{}\">{}</option>",
            escape(&c.key),
            escape(&c.title)
        );
    }
    s.push_str("</select> contains <input id=\"fval\" type=\"search\" placeholder=\"e.g. default\"></label></div>");
    s.push_str("<div class=\"wrap\"><table id=\"cmp\"><thead><tr><th>App</th>");
    for c in &cmp.criteria {
        let _ = write!(
            s,
            "<th data-key=\"{0}\" data-col=\"{0}\" title=\"{1}\"><span class=\"grp\">{2}</span>{3}</th>",
            escape(&c.key),
            escape(&c.definition),
            escape(&c.group),
            escape(&c.title)
        );
    }
    s.push_str("</tr></thead><tbody>");
    for a in &cmp.apps {
        let _ = write!(s, "<tr><th scope=\"row\">{}</th>", escape(&a.name));
        for c in &cmp.criteria {
            cell_html(&mut s, a, c, today);
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table></div><h2>Criteria</h2><dl>");
    for c in &cmp.criteria {
        let _ = write!(
            s,
            "<dt>{} <code>{}</code></dt><dd>{} Values: {}.</dd>",
            escape(&c.title),
            escape(&c.key),
            escape(&c.definition),
            escape(&c.values.join(" / "))
        );
    }
    s.push_str("</dl><h2>Incidents, outages, legal events, ownership</h2>");
    for a in &cmp.apps {
        lists_html(&mut s, a);
    }
    s.push_str("<script>");
    s.push_str(SCRIPT);
    s.push_str("</script></body></html>\n");
    s
}
