//! The editing commands that act on entities: `add-entity`, `edit-entity`, `add-alias`,
//! `merge` and `delete`.

use super::output::print_entity;
use super::resolve::need;
use super::{EditOpts, author, confirmable};
use crate::store::validate::Rule;
use crate::store::write::{EntityPatch, NewEntity};
use crate::store::{Store, StoreError};
use anyhow::{Context as _, bail};
use clap::Args;
use std::io::Write as _;

/// The arguments of `add-entity`.
#[derive(Debug, Args)]
pub struct AddEntityArgs {
    /// Kind: organisation, person, event, theme, document, recommendation, place…
    #[arg(long)]
    pub kind: String,
    /// Vietnamese (main) name.
    pub name: String,
    /// English name.
    #[arg(long)]
    pub en: Option<String>,
    /// Short description.
    #[arg(long)]
    pub summary: Option<String>,
    /// Start date: YYYY, YYYY-MM, YYYY-MM-DD or --MM-DD.
    #[arg(long, allow_hyphen_values = true)]
    pub start: Option<String>,
    /// End date.
    #[arg(long, allow_hyphen_values = true)]
    pub end: Option<String>,
    /// A property, KEY=VALUE (repeatable).
    #[arg(long = "prop", value_name = "KEY=VALUE")]
    pub props: Vec<String>,
    /// Never export or share this entity.
    #[arg(long)]
    pub private: bool,
    #[command(flatten)]
    pub opts: EditOpts,
}

/// The arguments of `edit-entity`.
#[derive(Debug, Args)]
pub struct EditEntityArgs {
    /// Name, alias or uid.
    pub entity: String,
    /// New name.
    #[arg(long)]
    pub name: Option<String>,
    /// New kind.
    #[arg(long)]
    pub kind: Option<String>,
    /// New English name.
    #[arg(long)]
    pub en: Option<String>,
    /// New summary.
    #[arg(long)]
    pub summary: Option<String>,
    /// New start date.
    #[arg(long, allow_hyphen_values = true)]
    pub start: Option<String>,
    /// New end date.
    #[arg(long, allow_hyphen_values = true)]
    pub end: Option<String>,
    /// Set (KEY=VALUE) or remove (KEY=) a property (repeatable).
    #[arg(long = "prop", value_name = "KEY=VALUE")]
    pub props: Vec<String>,
    /// Mark private (true) or not (false).
    #[arg(long)]
    pub private: Option<bool>,
    #[command(flatten)]
    pub opts: EditOpts,
}

/// The arguments of `add-alias`.
#[derive(Debug, Args)]
pub struct AddAliasArgs {
    /// Name, alias or uid.
    pub entity: String,
    /// The other name.
    pub alias: String,
    #[command(flatten)]
    pub opts: EditOpts,
}

/// The arguments of `merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The survivor.
    pub keep: String,
    /// The duplicate.
    pub other: String,
    /// Merge even if the two are of different kinds.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub opts: EditOpts,
}

/// The arguments of `delete`.
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Name, alias or uid.
    pub entity: String,
    #[command(flatten)]
    pub opts: EditOpts,
}

/// `--prop` arguments as keys with a value, or with none (`KEY=`: remove it).
fn parse_props(props: &[String]) -> anyhow::Result<Vec<(String, Option<String>)>> {
    props
        .iter()
        .map(|p| {
            let (k, v) = p
                .split_once('=')
                .with_context(|| format!("a property is KEY=VALUE, not \"{p}\""))?;
            let k = k.trim();
            if k.is_empty() {
                bail!("a property needs a key: \"{p}\"");
            }
            let v = v.trim();
            if let Some(problem) = crate::model::property::problem(k, v).filter(|_| !v.is_empty()) {
                bail!(
                    "property {k}: {}",
                    crate::i18n::tr(crate::i18n::Lang::En, problem)
                );
            }
            Ok((k.to_owned(), (!v.is_empty()).then(|| v.to_owned())))
        })
        .collect()
}

/// A property's value as stored: the `_private` list is a list of keys, however typed
/// ("phone,email" or a JSON list).
fn prop_value(key: &str, value: String) -> serde_json::Value {
    if key == crate::model::PRIVATE_PROPERTIES {
        crate::exchange::select::private_keys(&serde_json::Value::String(value))
            .into_iter()
            .map(serde_json::Value::from)
            .collect::<Vec<_>>()
            .into()
    } else {
        value.into()
    }
}

/// `add-entity`: adds an entity and prints it.
pub fn add(store: &mut Store, args: AddEntityArgs) -> anyhow::Result<()> {
    author(store, &args.opts);
    let mut properties = serde_json::Map::new();
    for (k, v) in parse_props(&args.props)? {
        if let Some(v) = v {
            let v = prop_value(&k, v);
            properties.insert(k, v);
        }
    }
    let name = args.name;
    let new = NewEntity {
        uid: None,
        kind: args.kind,
        name: name.clone(),
        name_en: args.en,
        summary: args.summary,
        date_start: args.start,
        date_end: args.end,
        properties,
        private: args.private,
    };
    let id = store.edit(&format!("add \"{}\"", name.trim()), |w| w.add_entity(&new))?;
    print_entity(store, id, args.opts.json, "added")
}

/// `edit-entity`: changes the fields given (at least one) and prints the entity.
pub fn edit(store: &mut Store, args: EditEntityArgs) -> anyhow::Result<()> {
    author(store, &args.opts);
    let id = need(store, &args.entity)?;
    let current = store.entity(id)?;
    let properties = if args.props.is_empty() {
        None
    } else {
        let mut map = current.properties.clone();
        for (k, v) in parse_props(&args.props)? {
            match v {
                Some(v) => {
                    let v = prop_value(&k, v);
                    map.insert(k, v)
                }
                None => map.remove(&k),
            };
        }
        Some(map)
    };
    let patch = EntityPatch {
        name: args.name,
        kind: args.kind,
        name_en: args.en,
        summary: args.summary,
        date_start: args.start,
        date_end: args.end,
        properties,
        private: args.private,
    };
    store.edit(&format!("edit \"{}\"", current.name), |w| {
        // Refused inside the edit, so a change to what it already is writes nothing.
        if w.update_entity(id, &patch)? {
            Ok(())
        } else {
            Err(StoreError::Rule(Rule::NothingToChange))
        }
    })?;
    print_entity(store, id, args.opts.json, "edited")
}

/// `add-alias`: gives an entity another name and prints the entity.
pub fn add_alias(store: &mut Store, args: AddAliasArgs) -> anyhow::Result<()> {
    let AddAliasArgs {
        entity,
        alias,
        opts,
    } = args;
    author(store, &opts);
    let id = need(store, &entity)?;
    let name = store.entity(id)?.name;
    store.edit(&format!("alias \"{}\" for \"{name}\"", alias.trim()), |w| {
        w.add_alias(id, &alias, None)
    })?;
    print_entity(store, id, opts.json, "alias added to")
}

/// `merge`: merges the duplicate into the survivor and prints the survivor.
pub fn merge(store: &mut Store, args: MergeArgs) -> anyhow::Result<()> {
    author(store, &args.opts);
    let (k, o) = (need(store, &args.keep)?, need(store, &args.other)?);
    let (kn, on) = (store.entity(k)?.name, store.entity(o)?.name);
    let merged = store.edit(&format!("merge \"{on}\" into \"{kn}\""), |w| {
        w.merge(k, o, args.force)
    });
    confirmable(merged)?;
    print_entity(store, k, args.opts.json, "merged into")
}

/// `delete`: deletes an entity with all that hangs on it and prints what it was.
pub fn delete(store: &mut Store, args: DeleteArgs) -> anyhow::Result<()> {
    author(store, &args.opts);
    let id = need(store, &args.entity)?;
    let e = store.entity(id)?;
    store.edit(&format!("delete \"{}\"", e.name), |w| w.delete_entity(id))?;
    let mut out = std::io::stdout().lock();
    if args.opts.json {
        writeln!(
            out,
            "{}",
            serde_json::json!({ "deleted": e.uid, "name": e.name })
        )?;
    } else {
        writeln!(out, "deleted {} \"{}\" [{}]", e.kind, e.name, e.uid)?;
    }
    Ok(())
}
