//! Editing from the command line: every command is one validated edit through the store's
//! write path (so it can be undone), takes names, aliases or uids, and prints the resulting
//! object (`--json` for scripts).

use crate::model::EntityId;
use crate::store::validate::Rule;
use crate::store::write::{CitationTarget, EntityPatch, NewCitation, NewEntity, NewRelation};
use crate::store::{EditInfo, RelationPatch, Store, StoreError};
use anyhow::{Context as _, bail};
use clap::{Args, Subcommand};
use std::io::Write as _;
use std::process::ExitCode;

/// Options shared by editing commands.
#[derive(Debug, Args, Clone, Default)]
pub struct EditOpts {
    /// Name recorded as the author of the edit (default: the OS user).
    #[arg(long)]
    pub author: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// The editing commands.
#[derive(Debug, Subcommand)]
pub enum EditCommand {
    /// Add an entity.
    AddEntity {
        /// Kind: organisation, person, event, theme, document, recommendation, place…
        #[arg(long)]
        kind: String,
        /// Vietnamese (main) name.
        name: String,
        /// English name.
        #[arg(long)]
        en: Option<String>,
        /// Short description.
        #[arg(long)]
        summary: Option<String>,
        /// Start date: YYYY, YYYY-MM, YYYY-MM-DD or --MM-DD.
        #[arg(long, allow_hyphen_values = true)]
        start: Option<String>,
        /// End date.
        #[arg(long, allow_hyphen_values = true)]
        end: Option<String>,
        /// A property, KEY=VALUE (repeatable).
        #[arg(long = "prop", value_name = "KEY=VALUE")]
        props: Vec<String>,
        /// Never export or share this entity.
        #[arg(long)]
        private: bool,
        #[command(flatten)]
        opts: EditOpts,
    },
    /// Change an entity's fields ("" clears an optional field; KEY= removes a property).
    EditEntity {
        /// Name, alias or uid.
        entity: String,
        /// New name.
        #[arg(long)]
        name: Option<String>,
        /// New kind.
        #[arg(long)]
        kind: Option<String>,
        /// New English name.
        #[arg(long)]
        en: Option<String>,
        /// New summary.
        #[arg(long)]
        summary: Option<String>,
        /// New start date.
        #[arg(long, allow_hyphen_values = true)]
        start: Option<String>,
        /// New end date.
        #[arg(long, allow_hyphen_values = true)]
        end: Option<String>,
        /// Set (KEY=VALUE) or remove (KEY=) a property (repeatable).
        #[arg(long = "prop", value_name = "KEY=VALUE")]
        props: Vec<String>,
        /// Mark private (true) or not (false).
        #[arg(long)]
        private: Option<bool>,
        #[command(flatten)]
        opts: EditOpts,
    },
    /// Add a relation SUBJECT PREDICATE OBJECT (e.g. "Tô Đức" holds_position "Cục Bảo trợ xã hội").
    AddRelation {
        /// Subject: name, alias or uid.
        subject: String,
        /// Predicate name (part_of, holds_position, attended…).
        predicate: String,
        /// Object: name, alias or uid.
        object: String,
        /// Role ("Cục trưởng").
        #[arg(long)]
        role: Option<String>,
        /// Start date.
        #[arg(long, allow_hyphen_values = true)]
        start: Option<String>,
        /// End date (a relation with an end date is former).
        #[arg(long, allow_hyphen_values = true)]
        end: Option<String>,
        /// Note.
        #[arg(long)]
        note: Option<String>,
        /// Add it even if the predicate does not usually link these kinds.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        opts: EditOpts,
    },
    /// Change a relation's role, dates or note.
    EditRelation {
        /// Relation uid.
        uid: String,
        /// New role.
        #[arg(long)]
        role: Option<String>,
        /// New start date.
        #[arg(long, allow_hyphen_values = true)]
        start: Option<String>,
        /// New end date.
        #[arg(long, allow_hyphen_values = true)]
        end: Option<String>,
        /// New note.
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        opts: EditOpts,
    },
    /// Remove a relation (by uid, or SUBJECT PREDICATE OBJECT) with its citations.
    RemoveRelation {
        /// Relation uid, or the subject.
        first: String,
        /// Predicate (with SUBJECT and OBJECT).
        predicate: Option<String>,
        /// Object.
        object: Option<String>,
        #[command(flatten)]
        opts: EditOpts,
    },
    /// Give an entity another name (abbreviation, English name…).
    AddAlias {
        /// Name, alias or uid.
        entity: String,
        /// The other name.
        alias: String,
        #[command(flatten)]
        opts: EditOpts,
    },
    /// Cite a document for a relation (--relation UID) or an entity (--entity NAME).
    Cite {
        /// The document: name, alias or uid.
        source: String,
        /// The relation supported.
        #[arg(long, conflicts_with = "entity")]
        relation: Option<String>,
        /// The entity supported.
        #[arg(long)]
        entity: Option<String>,
        /// Where in the document: a paragraph or page ("đoạn 2", "tr. 14").
        #[arg(long)]
        locator: Option<String>,
        /// A short quote from the document.
        #[arg(long)]
        quote: Option<String>,
        #[command(flatten)]
        opts: EditOpts,
    },
    /// Merge OTHER into KEEP: relations, aliases, citations and properties move to KEEP,
    /// OTHER's name becomes an alias, OTHER is removed.
    Merge {
        /// The survivor.
        keep: String,
        /// The duplicate.
        other: String,
        /// Merge even if the two are of different kinds.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        opts: EditOpts,
    },
    /// Delete an entity with its aliases, relations and citations.
    Delete {
        /// Name, alias or uid.
        entity: String,
        #[command(flatten)]
        opts: EditOpts,
    },
    /// Revert the last edit.
    Undo {
        /// Also when the edit undone is the built-in knowledge base (removes it).
        #[arg(long)]
        confirm: bool,
        #[command(flatten)]
        opts: EditOpts,
    },
    /// Re-apply the last undone edit.
    Redo {
        #[command(flatten)]
        opts: EditOpts,
    },
    /// Show the history of edits, newest first.
    Log {
        /// Only edits touching this entity.
        #[arg(long)]
        entity: Option<String>,
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Revert an older edit, if no later edit changed the same rows.
    Revert {
        /// The edit's number (from `log`).
        edit: i64,
        #[command(flatten)]
        opts: EditOpts,
    },
}

/// Finds exactly one entity by uid, name or alias; refuses guesses and ambiguity.
fn one(store: &Store, name_or_uid: &str) -> anyhow::Result<Option<EntityId>> {
    let found = store.find_exact(name_or_uid)?;
    match found.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one.id)),
        many => bail!(
            "\"{name_or_uid}\" names {} entities; use a uid: {}",
            many.len(),
            many.iter()
                .map(|r| format!("{} ({}, {})", r.uid, r.name, r.kind))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }
}

/// An editing command found nothing to act on: exit status 1, like `show`.
#[derive(Debug, thiserror::Error)]
#[error("nothing found for \"{0}\"")]
pub struct NotFound(pub String);

fn need(store: &Store, name_or_uid: &str) -> anyhow::Result<EntityId> {
    one(store, name_or_uid)?.ok_or_else(|| NotFound(name_or_uid.to_owned()).into())
}

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
            Ok((k.to_owned(), (!v.is_empty()).then(|| v.to_owned())))
        })
        .collect()
}

fn print_entity(store: &Store, id: EntityId, json: bool, verb: &str) -> anyhow::Result<()> {
    let detail = store.detail(id)?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &detail)?;
        writeln!(out)?;
    } else {
        let e = &detail.entity;
        writeln!(out, "{verb} {} \"{}\" [{}]", e.kind, e.name, e.uid)?;
    }
    Ok(())
}

fn print_edit(info: &EditInfo, json: bool) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, info)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "#{} {} ({} changes)",
            info.id, info.description, info.changes
        )?;
    }
    Ok(())
}

fn relation_id(store: &Store, uid: &str) -> anyhow::Result<(i64, EntityId)> {
    store
        .relation_ends(uid)?
        .ok_or_else(|| NotFound(uid.to_owned()).into())
}

fn print_relation(store: &Store, uid: &str, json: bool) -> anyhow::Result<()> {
    let (_, subject) = relation_id(store, uid)?;
    let detail = store.detail(subject)?;
    let r = detail
        .relations
        .into_iter()
        .find(|r| r.uid == uid && r.direction == crate::model::Direction::Out)
        .context("the relation vanished")?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &r)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{} —{}{}→ {} [{}]",
            detail.entity.name,
            r.predicate,
            r.role
                .as_deref()
                .map(|x| format!(" ({x})"))
                .unwrap_or_default(),
            r.other.name,
            r.uid
        )?;
    }
    Ok(())
}

/// Turns a broken rule that the user may confirm into a message saying how.
fn confirmable<T>(result: crate::store::Result<T>) -> anyhow::Result<T> {
    match result {
        Err(crate::store::StoreError::Rule(rule)) if rule.is_warning() => {
            bail!("{rule} (add --force to go ahead anyway)")
        }
        other => Ok(other?),
    }
}

fn author(store: &mut Store, opts: &EditOpts) {
    if let Some(a) = &opts.author {
        store.set_author(a);
    }
}

/// Runs an editing command on `store`.
/// Runs an editing command. The exit status says whether an edit was committed: when a
/// failure comes after the commit (showing the result, a full disk for the output), the
/// edit stands, the failure is reported on stderr, and the status is success, so a
/// script does not retry (and duplicate) what was saved.
pub fn run(store: &mut Store, command: EditCommand) -> anyhow::Result<ExitCode> {
    let last_edit = |store: &Store| {
        store
            .log(None, 1)
            .ok()
            .and_then(|l| l.first().map(|e| e.id))
    };
    let before = last_edit(store);
    match run_command(store, command) {
        Ok(code) => Ok(code),
        Err(e) => match last_edit(store) {
            Some(after) if Some(after) != before => {
                let _ = writeln!(
                    std::io::stderr(),
                    "lienket: the edit was saved (#{after}), but then: {e:#}"
                );
                Ok(ExitCode::SUCCESS)
            }
            _ => Err(e),
        },
    }
}

fn run_command(store: &mut Store, command: EditCommand) -> anyhow::Result<ExitCode> {
    match command {
        EditCommand::AddEntity {
            kind,
            name,
            en,
            summary,
            start,
            end,
            props,
            private,
            opts,
        } => {
            author(store, &opts);
            let mut properties = serde_json::Map::new();
            for (k, v) in parse_props(&props)? {
                if let Some(v) = v {
                    properties.insert(k, v.into());
                }
            }
            let new = NewEntity {
                uid: None,
                kind,
                name: name.clone(),
                name_en: en,
                summary,
                date_start: start,
                date_end: end,
                properties,
                private,
            };
            let id = store.edit(&format!("add \"{}\"", name.trim()), |w| w.add_entity(&new))?;
            print_entity(store, id, opts.json, "added")?;
        }
        EditCommand::EditEntity {
            entity,
            name,
            kind,
            en,
            summary,
            start,
            end,
            props,
            private,
            opts,
        } => {
            author(store, &opts);
            let id = need(store, &entity)?;
            let current = store.entity(id)?;
            let properties = if props.is_empty() {
                None
            } else {
                let mut map = current.properties.clone();
                for (k, v) in parse_props(&props)? {
                    match v {
                        Some(v) => map.insert(k, v.into()),
                        None => map.remove(&k),
                    };
                }
                Some(map)
            };
            let patch = EntityPatch {
                name,
                kind,
                name_en: en,
                summary,
                date_start: start,
                date_end: end,
                properties,
                private,
            };
            if patch == EntityPatch::default() {
                return Err(StoreError::Rule(Rule::NothingToChange).into());
            }
            store.edit(&format!("edit \"{}\"", current.name), |w| {
                w.update_entity(id, &patch)
            })?;
            print_entity(store, id, opts.json, "edited")?;
        }
        EditCommand::AddRelation {
            subject,
            predicate,
            object,
            role,
            start,
            end,
            note,
            force,
            opts,
        } => {
            author(store, &opts);
            let (s, o) = (need(store, &subject)?, need(store, &object)?);
            let (sn, on) = (store.entity(s)?.name, store.entity(o)?.name);
            let new = NewRelation {
                uid: None,
                subject: s.0,
                predicate: predicate.clone(),
                object: o.0,
                role,
                date_start: start,
                date_end: end,
                note,
                allow_kind_mismatch: force,
            };
            let rid = store.edit(&format!("relate \"{sn}\" {predicate} \"{on}\""), |w| {
                w.add_relation(&new)
            });
            let rid = confirmable(rid)?;
            let uid = store.relation_uid(rid)?;
            print_relation(store, &uid, opts.json)?;
        }
        EditCommand::EditRelation {
            uid,
            role,
            start,
            end,
            note,
            opts,
        } => {
            author(store, &opts);
            relation_id(store, &uid)?;
            let patch = RelationPatch {
                role,
                date_start: start,
                date_end: end,
                note,
            };
            store.edit("edit relation", |w| w.update_relation(&uid, &patch))?;
            print_relation(store, &uid, opts.json)?;
        }
        EditCommand::RemoveRelation {
            first,
            predicate,
            object,
            opts,
        } => {
            author(store, &opts);
            let uid = match (predicate, object) {
                (None, None) => {
                    relation_id(store, &first)?;
                    first
                }
                (Some(p), Some(o)) => {
                    let (s, o) = (need(store, &first)?, need(store, &o)?);
                    let found = store.relations_between(s, &p, o)?;
                    match found.as_slice() {
                        [] => {
                            return Err(NotFound(format!("{first} {p} {o:?}")).into());
                        }
                        [one] => one.clone(),
                        many => bail!(
                            "{} relations match; remove one by uid: {}",
                            many.len(),
                            many.join(", ")
                        ),
                    }
                }
                _ => bail!("give a relation uid, or SUBJECT PREDICATE OBJECT"),
            };
            let info = store.edit("remove relation", |w| {
                w.delete_relation(&uid)?;
                Ok(())
            });
            info?;
            let mut out = std::io::stdout().lock();
            if opts.json {
                writeln!(out, "{}", serde_json::json!({ "removed": uid }))?;
            } else {
                writeln!(out, "removed relation [{uid}]")?;
            }
        }
        EditCommand::AddAlias {
            entity,
            alias,
            opts,
        } => {
            author(store, &opts);
            let id = need(store, &entity)?;
            let name = store.entity(id)?.name;
            store.edit(&format!("alias \"{}\" for \"{name}\"", alias.trim()), |w| {
                w.add_alias(id, &alias, None)
            })?;
            print_entity(store, id, opts.json, "alias added to")?;
        }
        EditCommand::Cite {
            source,
            relation,
            entity,
            locator,
            quote,
            opts,
        } => {
            author(store, &opts);
            let source = need(store, &source)?;
            let (target, shown) = match (relation, entity) {
                (Some(r), None) => (CitationTarget::Relation(relation_id(store, &r)?.0), None),
                (None, Some(e)) => {
                    let id = need(store, &e)?;
                    (CitationTarget::Entity(id.0), Some(id))
                }
                _ => bail!("cite needs --relation UID or --entity NAME"),
            };
            store.edit("cite a source", |w| {
                w.add_citation(&NewCitation {
                    uid: None,
                    target,
                    source,
                    locator: locator.clone(),
                    quote: quote.clone(),
                })
            })?;
            match (shown, target) {
                (Some(id), _) => print_entity(store, id, opts.json, "cited for")?,
                (None, CitationTarget::Relation(rid)) => {
                    let uid = store.relation_uid(rid)?;
                    print_relation(store, &uid, opts.json)?;
                }
                (None, CitationTarget::Entity(_)) => {}
            }
        }
        EditCommand::Merge {
            keep,
            other,
            force,
            opts,
        } => {
            author(store, &opts);
            let (k, o) = (need(store, &keep)?, need(store, &other)?);
            let (kn, on) = (store.entity(k)?.name, store.entity(o)?.name);
            let merged = store.edit(&format!("merge \"{on}\" into \"{kn}\""), |w| {
                w.merge(k, o, force)
            });
            confirmable(merged)?;
            print_entity(store, k, opts.json, "merged into")?;
        }
        EditCommand::Delete { entity, opts } => {
            author(store, &opts);
            let id = need(store, &entity)?;
            let e = store.entity(id)?;
            store.edit(&format!("delete \"{}\"", e.name), |w| w.delete_entity(id))?;
            let mut out = std::io::stdout().lock();
            if opts.json {
                writeln!(
                    out,
                    "{}",
                    serde_json::json!({ "deleted": e.uid, "name": e.name })
                )?;
            } else {
                writeln!(out, "deleted {} \"{}\" [{}]", e.kind, e.name, e.uid)?;
            }
        }
        EditCommand::Undo { confirm, opts } => {
            author(store, &opts);
            let info = if confirm {
                store.undo_confirmed()?
            } else {
                store.undo()?
            };
            print_edit(&info, opts.json)?;
        }
        EditCommand::Redo { opts } => {
            author(store, &opts);
            let info = store.redo()?;
            print_edit(&info, opts.json)?;
        }
        EditCommand::Log {
            entity,
            limit,
            json,
        } => {
            let id = match entity {
                Some(e) => Some(need(store, &e)?),
                None => None,
            };
            let log = store.log(id, limit)?;
            let mut out = std::io::stdout().lock();
            if json {
                serde_json::to_writer_pretty(&mut out, &log)?;
                writeln!(out)?;
            } else {
                for e in &log {
                    writeln!(
                        out,
                        "#{:<6} {}  {:<12} {} ({} changes)",
                        e.id,
                        format_time(e.at),
                        e.author,
                        e.description,
                        e.changes
                    )?;
                }
            }
        }
        EditCommand::Revert { edit, opts } => {
            author(store, &opts);
            let info = store.revert(edit)?;
            print_edit(&info, opts.json)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Unix milliseconds as "YYYY-MM-DD HH:MM" (UTC).
pub fn format_time(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        rem / 3600,
        (rem % 3600) / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_as_utc_dates() {
        assert_eq!(format_time(0), "1970-01-01 00:00");
        assert_eq!(format_time(1_700_000_000_000), "2023-11-14 22:13");
        assert_eq!(format_time(951_782_400_000), "2000-02-29 00:00");
    }
}
