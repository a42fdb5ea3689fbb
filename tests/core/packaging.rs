//! What the Debian package takes: every file `[package.metadata.deb]` lists exists, the
//! desktop entry says what desktops need (and names the binary and the icon shipped), and
//! the AppStream metadata is well-formed with the fields software centres require.

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(root().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// The source paths of the package's assets, from `Cargo.toml`.
fn deb_assets() -> Vec<String> {
    let toml = read("Cargo.toml");
    let section = toml
        .split("[package.metadata.deb]")
        .nth(1)
        .expect("a [package.metadata.deb] section");
    let section = section.split("\n[").next().unwrap_or(section);
    section
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("[\""))
        .filter_map(|l| l.split('"').nth(1).map(str::to_owned))
        .collect()
}

#[test]
fn every_file_the_package_lists_is_there() {
    let assets = deb_assets();
    assert!(assets.len() >= 4, "{assets:?}");
    assert!(assets.iter().any(|a| a == "target/release/lienket"));
    for a in assets.iter().filter(|a| !a.starts_with("target/")) {
        assert!(root().join(a).is_file(), "{a} is listed but missing");
    }
}

#[test]
fn the_desktop_entry_names_the_binary_and_the_icon_shipped() {
    let entry = read("assets/linux/lienket.desktop");
    let mut lines = entry.lines();
    assert_eq!(lines.next(), Some("[Desktop Entry]"));
    let value = |key: &str| {
        entry
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key}=")))
            .unwrap_or_else(|| panic!("no {key}"))
            .to_owned()
    };
    assert_eq!(value("Type"), "Application");
    assert_eq!(
        value("Exec").split(' ').next(),
        Some(env!("CARGO_PKG_NAME"))
    );
    let icon = value("Icon");
    assert!(
        deb_assets()
            .iter()
            .any(|a| a.ends_with(&format!("/{icon}.svg")))
    );
    assert!(value("Categories").ends_with(';'));
    assert!(!value("Name").is_empty() && !value("Comment[vi]").is_empty());
}

#[test]
fn the_appstream_metadata_is_well_formed_and_complete() {
    let xml = read("assets/linux/lienket.metainfo.xml");
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut seen: Vec<String> = Vec::new();
    let mut texts: std::collections::HashMap<String, String> = Default::default();
    let mut open: Vec<String> = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                seen.push(name.clone());
                open.push(name);
            }
            quick_xml::events::Event::Empty(e) => {
                seen.push(String::from_utf8_lossy(e.name().as_ref()).into_owned());
            }
            quick_xml::events::Event::Text(t) => {
                if let Some(tag) = open.last() {
                    let text = t.decode().expect("text").trim().to_owned();
                    texts.entry(tag.clone()).or_insert(text);
                }
            }
            quick_xml::events::Event::End(_) => {
                open.pop();
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    for tag in [
        "component",
        "id",
        "metadata_license",
        "project_license",
        "name",
        "summary",
        "description",
        "launchable",
        "content_rating",
    ] {
        assert!(seen.iter().any(|s| s == tag), "no <{tag}>");
    }
    assert_eq!(texts["project_license"], env!("CARGO_PKG_LICENSE"));
    assert_eq!(texts["launchable"], "lienket.desktop");
    assert!(
        root()
            .join("assets/linux")
            .join(&texts["launchable"])
            .is_file()
    );
}
