//! Handouts: each entity of a document on its own — name, kind, other names, dates,
//! summary, its relations grouped by how they read from it, the sources with where in them
//! and their quotes — as Markdown or as one printable HTML page (everything escaped, its
//! style inline, nothing fetched from elsewhere), in the interface's language.

use crate::i18n::{Lang, Tr};
use crate::model::document::{DocCitation, DocEntity, Document};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// One entity's part of a handout, in words of the chosen language.
struct Section {
    name: String,
    kind: String,
    name_en: Option<String>,
    aliases: Vec<String>,
    dates: Option<String>,
    summary: Option<String>,
    /// Label → lines ("Cục Bảo trợ xã hội · Cục trưởng · từ 2015").
    groups: BTreeMap<String, Vec<String>>,
    /// "Document, đoạn 2 — “quote”".
    sources: Vec<String>,
}

fn sections(doc: &Document, lang: Lang) -> Vec<Section> {
    let tr = Tr(lang);
    let names: HashMap<&str, &str> = doc
        .entities
        .iter()
        .map(|e| (e.uid.as_str(), e.name.as_str()))
        .collect();
    let kind = |k: &str| {
        doc.kinds.iter().find(|x| x.name == k).map_or_else(
            || k.to_owned(),
            |x| match lang {
                Lang::Vi => x.label_vi.clone(),
                Lang::En => x.label_en.clone(),
            },
        )
    };
    let label = |predicate: &str, out: bool| {
        let p = doc.predicates.iter().find(|p| p.name == predicate);
        match (p, lang, out) {
            (None, _, _) => predicate.to_owned(),
            (Some(p), Lang::Vi, true) => p.label_vi.clone(),
            (Some(p), Lang::Vi, false) => p.inverse_vi.clone(),
            (Some(p), Lang::En, true) => p.label_en.clone(),
            (Some(p), Lang::En, false) => p.inverse_en.clone(),
        }
    };
    let source = |c: &DocCitation| {
        let mut s = names
            .get(c.source.as_str())
            .copied()
            .unwrap_or(&c.source)
            .to_owned();
        if let Some(l) = &c.locator {
            s.push_str(", ");
            s.push_str(l);
        }
        if let Some(q) = &c.quote {
            let _ = write!(s, " — “{q}”");
        }
        s
    };
    doc.entities
        .iter()
        .map(|e: &DocEntity| {
            let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
            let mut sources: Vec<String> = e.citations.iter().map(source).collect();
            for r in &doc.relations {
                let out = r.subject == e.uid;
                if !out && r.object != e.uid {
                    continue;
                }
                let other = if out { &r.object } else { &r.subject };
                let mut line = names
                    .get(other.as_str())
                    .copied()
                    .unwrap_or(other)
                    .to_owned();
                if let Some(role) = &r.role {
                    let _ = write!(line, " · {role}");
                }
                if let Some(d) = crate::text::dates::show_span(
                    tr,
                    r.date_start.as_deref(),
                    r.date_end.as_deref(),
                ) {
                    let _ = write!(line, " · {d}");
                }
                groups
                    .entry(label(&r.predicate, out))
                    .or_default()
                    .push(line);
                sources.extend(r.citations.iter().map(source));
            }
            sources.sort();
            sources.dedup();
            Section {
                name: e.name.clone(),
                kind: kind(&e.kind),
                name_en: e.name_en.clone(),
                aliases: e.aliases.iter().map(|a| a.name.clone()).collect(),
                dates: crate::text::dates::show_span(
                    tr,
                    e.date_start.as_deref(),
                    e.date_end.as_deref(),
                ),
                summary: e.summary.clone(),
                groups,
                sources,
            }
        })
        .collect()
}

/// Markdown text with the characters Markdown reads as markup escaped.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\`*_[]<>#|".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The handout in Markdown.
pub fn markdown(doc: &Document, lang: Lang) -> String {
    let tr = Tr(lang);
    let mut out = String::new();
    for s in sections(doc, lang) {
        let _ = writeln!(out, "# {}\n", md(&s.name));
        let _ = writeln!(out, "*{}*", md(&s.kind));
        if let Some(en) = &s.name_en {
            let _ = writeln!(out, "\n{}", md(en));
        }
        if !s.aliases.is_empty() {
            let aliases: Vec<String> = s.aliases.iter().map(|a| md(a)).collect();
            let _ = writeln!(out, "\n**{}:** {}", tr.get("aliases"), aliases.join(" · "));
        }
        if let Some(d) = &s.dates {
            let _ = writeln!(out, "\n**{}:** {}", tr.get("form_dates"), md(d));
        }
        if let Some(summary) = &s.summary {
            let _ = writeln!(out, "\n{}", md(summary));
        }
        for (label, lines) in &s.groups {
            let _ = writeln!(out, "\n## {}\n", md(label));
            for l in lines {
                let _ = writeln!(out, "- {}", md(l));
            }
        }
        if !s.sources.is_empty() {
            let _ = writeln!(out, "\n## {}\n", tr.get("sources"));
            for l in &s.sources {
                let _ = writeln!(out, "- {}", md(l));
            }
        }
        out.push('\n');
    }
    out
}

/// Text made safe inside HTML and XML (content and attribute values alike); the characters
/// XML 1.0 forbids (control characters, U+FFFE and U+FFFF, which a name may hold) are left
/// out.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The page's style: readable on screen, each entity on its own printed page.
const STYLE: &str = "body{font-family:'DejaVu Sans','Noto Sans',Arial,sans-serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.45;color:#111}
h1{font-size:1.6em;margin-bottom:.1em}h2{font-size:1.1em;margin:1.2em 0 .3em;border-bottom:1px solid #ccc}
.kind{color:#555;font-style:italic}.en{color:#444}ul{padding-left:1.3em}
section{margin-bottom:2.5em}
@media print{body{margin:0;max-width:none}section{page-break-after:always}a{color:inherit}}";

/// The handout as one printable HTML page.
pub fn html(doc: &Document, lang: Lang) -> String {
    let tr = Tr(lang);
    let code = match lang {
        Lang::Vi => "vi",
        Lang::En => "en",
    };
    let sections = sections(doc, lang);
    let title = sections
        .first()
        .map_or_else(|| "Lienket".to_owned(), |s| s.name.clone());
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n",
        esc(&title)
    );
    for s in sections {
        out.push_str("<section>\n");
        let _ = writeln!(out, "<h1>{}</h1>", esc(&s.name));
        let _ = writeln!(out, "<p class=\"kind\">{}</p>", esc(&s.kind));
        if let Some(en) = &s.name_en {
            let _ = writeln!(out, "<p class=\"en\">{}</p>", esc(en));
        }
        if !s.aliases.is_empty() {
            let aliases: Vec<String> = s.aliases.iter().map(|a| esc(a)).collect();
            let _ = writeln!(
                out,
                "<p><b>{}:</b> {}</p>",
                esc(tr.get("aliases")),
                aliases.join(" · ")
            );
        }
        if let Some(d) = &s.dates {
            let _ = writeln!(
                out,
                "<p><b>{}:</b> {}</p>",
                esc(tr.get("form_dates")),
                esc(d)
            );
        }
        if let Some(summary) = &s.summary {
            let _ = writeln!(out, "<p>{}</p>", esc(summary));
        }
        let list = |out: &mut String, heading: &str, lines: &[String]| {
            let _ = writeln!(out, "<h2>{}</h2>\n<ul>", esc(heading));
            for l in lines {
                let _ = writeln!(out, "<li>{}</li>", esc(l));
            }
            out.push_str("</ul>\n");
        };
        for (label, lines) in &s.groups {
            list(&mut out, label, lines);
        }
        if !s.sources.is_empty() {
            list(&mut out, tr.get("sources"), &s.sources);
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}
