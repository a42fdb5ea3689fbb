//! `extract FILE`: the known entities a document (.txt, .md, .html) mentions, and the
//! entities and links it suggests adding, as text in the chosen language or as JSON.

use super::JsonArg;
use crate::extract::{self, End, Extraction, Matcher, input};
use crate::i18n::{Lang, Tr};
use crate::store::Store;
use anyhow::{Context, bail};
use clap::Args;
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// The arguments of `extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The document: plain text, Markdown (.md) or HTML (.html).
    pub file: PathBuf,
    /// Language of the labels (vi or en).
    #[arg(long, default_value = "vi")]
    pub lang: String,
    #[command(flatten)]
    pub format: JsonArg,
}

/// Prints mentions and proposals.
pub fn extract(store: &Store, args: ExtractArgs, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let tr = Tr(match args.lang.as_str() {
        "vi" => Lang::Vi,
        "en" => Lang::En,
        other => bail!("unknown language \"{other}\": vi or en"),
    });
    let text = input::read_file(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let matcher = Matcher::from_store(store)?;
    let found = extract::extract(&text, Some(&matcher));
    let mut names: HashMap<i64, (String, String)> = HashMap::new();
    for m in &found.mentions {
        for (id, _) in &m.entities {
            if let std::collections::hash_map::Entry::Vacant(v) = names.entry(id.0) {
                let e = store.entity(*id)?;
                v.insert((e.uid, e.name));
            }
        }
    }
    for r in &found.relations {
        for end in [r.subject, r.object] {
            if let End::Known(id) = end
                && !names.contains_key(&id.0)
            {
                let e = store.entity(id)?;
                names.insert(id.0, (e.uid, e.name));
            }
        }
    }
    if args.format.json {
        json(&found, &names, out)?;
    } else {
        plain(store, tr, &found, &names, out)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn end_name<'a>(
    found: &'a Extraction,
    names: &'a HashMap<i64, (String, String)>,
    e: End,
) -> &'a str {
    match e {
        End::Proposal(i) => found.proposals[i].name.as_str(),
        End::Known(id) => names.get(&id.0).map_or("?", |(_, n)| n.as_str()),
    }
}

fn json(
    found: &Extraction,
    names: &HashMap<i64, (String, String)>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let uid = |id: i64| names.get(&id).map(|(u, _)| u.clone());
    let end = |e: End| match e {
        End::Proposal(i) => serde_json::json!({ "proposal": i }),
        End::Known(id) => serde_json::json!({ "entity": uid(id.0) }),
    };
    let report = serde_json::json!({
        "mentions": found.mentions.iter().map(|m| serde_json::json!({
            "start": m.span.start,
            "end": m.span.end,
            "text": m.text,
            "entities": m.entities.iter().map(|(id, kind)| serde_json::json!({
                "uid": uid(id.0),
                "name": names.get(&id.0).map(|(_, n)| n),
                "kind": kind,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "proposals": found.proposals.iter().enumerate().map(|(i, p)| serde_json::json!({
            "index": i,
            "kind": p.kind,
            "name": p.name,
            "other_names": p.other_names,
            "role": p.role,
            "date": p.date.map(|d| d.to_string()),
            "paragraph": p.paragraph,
            "locator": extract::locator(p.paragraph),
            "sentence": p.sentence,
            "relations": found.relations.iter().enumerate()
                .filter(|(_, r)| r.subject == End::Proposal(i) || r.object == End::Proposal(i))
                .map(|(k, _)| k).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "relations": found.relations.iter().map(|r| serde_json::json!({
            "subject": end(r.subject),
            "subject_name": end_name(found, names, r.subject),
            "predicate": r.predicate,
            "object": end(r.object),
            "object_name": end_name(found, names, r.object),
            "role": r.role,
            "paragraph": r.paragraph,
            "locator": extract::locator(r.paragraph),
            "sentence": r.sentence,
        })).collect::<Vec<_>>(),
    });
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)?;
    Ok(())
}

fn plain(
    store: &Store,
    tr: Tr,
    found: &Extraction,
    names: &HashMap<i64, (String, String)>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let labels: HashMap<String, String> = store
        .predicates()?
        .into_iter()
        .map(|p| {
            let label = if tr.0 == Lang::Vi {
                p.label_vi
            } else {
                p.label_en
            };
            (p.name, label)
        })
        .collect();
    let n = found.mentions.len().to_string();
    writeln!(out, "{}", tr.fmt("extract_mentions", &[("n", &n)]))?;
    for m in &found.mentions {
        let who: Vec<&str> = m
            .entities
            .iter()
            .filter_map(|(id, _)| names.get(&id.0).map(|(_, n)| n.as_str()))
            .collect();
        writeln!(
            out,
            "  {}–{}  {} → {}",
            m.span.start,
            m.span.end,
            m.text,
            who.join(" | ")
        )?;
    }
    let n = found.proposals.len().to_string();
    writeln!(out, "{}", tr.fmt("extract_proposals", &[("n", &n)]))?;
    for (i, p) in found.proposals.iter().enumerate() {
        let mut line = format!(
            "  {}. [{}] {}",
            i + 1,
            tr.get(&format!("extract_kind_{}", p.kind.kind_name())),
            p.name
        );
        if !p.other_names.is_empty() {
            line.push_str(&format!(" (= {})", p.other_names.join(", ")));
        }
        if let Some(role) = &p.role {
            line.push_str(&format!(" — {role}"));
        }
        if let Some(d) = p.date {
            let shown = crate::text::dates::show_stored(tr, &d.to_string());
            line.push_str(&format!(" — {shown}"));
        }
        writeln!(out, "{line}  ({})", extract::locator(p.paragraph))?;
    }
    let n = found.relations.len().to_string();
    writeln!(out, "{}", tr.fmt("extract_relations", &[("n", &n)]))?;
    for r in &found.relations {
        let label = labels.get(r.predicate).map_or(r.predicate, String::as_str);
        let role = r
            .role
            .as_deref()
            .map(|x| format!(" ({x})"))
            .unwrap_or_default();
        writeln!(
            out,
            "  {} — {label}{role} → {}  ({})",
            end_name(found, names, r.subject),
            end_name(found, names, r.object),
            extract::locator(r.paragraph)
        )?;
        writeln!(out, "      “{}”", r.sentence)?;
    }
    Ok(())
}
