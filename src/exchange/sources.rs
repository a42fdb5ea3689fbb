//! The documents of a knowledge base for reference managers: RIS (Zotero, EndNote,
//! Mendeley) and CSL-JSON (Zotero, pandoc). A document entity gives its title, its date,
//! and what its properties say of its publisher, website and pages.

use crate::model::document::{DocEntity, Document};
use serde_json::{Value, json};
use std::fmt::Write as _;

/// The entities of kind "document".
fn documents(doc: &Document) -> impl Iterator<Item = &DocEntity> {
    doc.entities.iter().filter(|e| e.kind == "document")
}

fn property<'a>(e: &'a DocEntity, keys: &[&str]) -> Option<&'a str> {
    keys.iter()
        .find_map(|k| e.properties.get(*k).and_then(Value::as_str))
        .filter(|s| !s.trim().is_empty())
}

/// (year, month, day) of a stored date, as far as it is known.
fn date_parts(stored: Option<&str>) -> Vec<i64> {
    let Some(s) = stored else { return Vec::new() };
    let plain = s.trim_start_matches(['~', '<', '>']);
    let plain = plain.split("..").next().unwrap_or(plain);
    plain
        .split('-')
        .filter(|p| !p.is_empty())
        .map_while(|p| p.parse().ok())
        .collect()
}

/// One line of RIS, its value on one line.
fn ris_line(out: &mut String, tag: &str, value: &str) {
    let value = value.replace(['\r', '\n'], " ");
    let _ = write!(out, "{tag}  - {value}\r\n");
}

/// The documents as RIS.
pub fn ris(doc: &Document) -> String {
    let mut out = String::new();
    for e in documents(doc) {
        ris_line(&mut out, "TY", "GEN");
        ris_line(&mut out, "TI", &e.name);
        if let Some(en) = &e.name_en {
            ris_line(&mut out, "TT", en);
        }
        let parts = date_parts(e.date_start.as_deref());
        if let Some(y) = parts.first() {
            ris_line(&mut out, "PY", &y.to_string());
            let da: Vec<String> = parts.iter().map(|p| format!("{p:02}")).collect();
            ris_line(&mut out, "DA", &da.join("/"));
        }
        if let Some(p) = property(e, &["publisher", "publisher_note"]) {
            ris_line(&mut out, "PB", p);
        }
        if let Some(url) = property(e, &["website", "url"]) {
            ris_line(&mut out, "UR", url);
        }
        if let Some(summary) = &e.summary {
            ris_line(&mut out, "AB", summary);
        }
        ris_line(&mut out, "ID", &e.uid);
        ris_line(&mut out, "ER", "");
    }
    out
}

/// The documents as CSL-JSON items.
pub fn csl(doc: &Document) -> Value {
    Value::Array(
        documents(doc)
            .map(|e| {
                let mut item = json!({
                    "id": e.uid,
                    "type": "article",
                    "title": e.name,
                });
                let parts = date_parts(e.date_start.as_deref());
                if !parts.is_empty() {
                    item["issued"] = json!({ "date-parts": [parts] });
                }
                if let Some(p) = property(e, &["publisher", "publisher_note"]) {
                    item["publisher"] = json!(p);
                }
                if let Some(url) = property(e, &["website", "url"]) {
                    item["URL"] = json!(url);
                }
                if let Some(summary) = &e.summary {
                    item["abstract"] = json!(summary);
                }
                item
            })
            .collect(),
    )
}
