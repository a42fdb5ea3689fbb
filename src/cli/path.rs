//! `path`: how two entities are connected — every shortest path, as readable chains or
//! JSON.

use super::JsonArg;
use super::edit::resolve::need as entity_arg;
use crate::graph::paths::{self, Options};
use crate::i18n::Lang;
use crate::store::Store;
use anyhow::bail;
use clap::Args;
use std::io::Write;
use std::process::ExitCode;

/// The arguments of `path`.
#[derive(Debug, Args)]
pub struct PathArgs {
    /// Where the paths start (name, alias or uid).
    pub from: String,
    /// Where they end.
    pub to: String,
    /// The longest path, in links (1 to 5).
    #[arg(long, default_value_t = 5, value_parser = super::bounded::<1, 5>)]
    pub max: usize,
    /// Pass through no entity of this kind (e.g. document); repeat for more.
    #[arg(long)]
    pub avoid_kind: Vec<String>,
    /// Take no link of this type (e.g. mentions); repeat for more.
    #[arg(long)]
    pub avoid_predicate: Vec<String>,
    /// Also the paths one link longer than the shortest.
    #[arg(long)]
    pub longer: bool,
    /// Language of the links' words (vi or en).
    #[arg(long, default_value = "vi")]
    pub lang: String,
    #[command(flatten)]
    pub format: JsonArg,
}

/// Prints every shortest path; exit 1 when there is none within `--max` links.
pub fn path(store: &Store, args: PathArgs, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let lang = match args.lang.as_str() {
        "vi" => Lang::Vi,
        "en" => Lang::En,
        other => bail!("unknown language \"{other}\": vi or en"),
    };
    let from = entity_arg(store, &args.from)?;
    let to = entity_arg(store, &args.to)?;
    let options = Options {
        max: args.max,
        avoid_kinds: args.avoid_kind.clone(),
        avoid_predicates: args.avoid_predicate.clone(),
        ..Options::default()
    };
    let mut found = paths::shortest(store, from, to, &options)?;
    if args.longer
        && let Some(length) = found.first().map(|p| p.steps.len() + 1)
        && length <= args.max
    {
        found.extend(paths::of_length(store, from, to, length, &options)?);
    }
    if args.format.json {
        let list = found
            .iter()
            .map(|p| {
                let mut entities = vec![store.entity(p.from)?.uid];
                let mut links = Vec::new();
                for s in &p.steps {
                    entities.push(store.entity(s.to)?.uid);
                    links.push(serde_json::json!({
                        "relation": store.relation_uid(s.relation)?,
                        "predicate": s.predicate,
                        "forward": s.outgoing,
                    }));
                }
                Ok(serde_json::json!({
                    "length": p.steps.len(),
                    "entities": entities,
                    "links": links,
                    "text": paths::chain(store, p, lang)?,
                }))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        serde_json::to_writer_pretty(&mut *out, &list)?;
        writeln!(out)?;
    } else {
        for (i, p) in found.iter().enumerate() {
            // The longer ones apart from the shortest.
            if i > 0 && found[i - 1].steps.len() != p.steps.len() {
                writeln!(out)?;
            }
            writeln!(out, "{}", paths::chain(store, p, lang)?)?;
        }
        if found.is_empty() {
            match args.max {
                1 => writeln!(out, "no path of one link")?,
                n => writeln!(out, "no path of at most {n} links")?,
            }
        }
    }
    Ok(if found.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
