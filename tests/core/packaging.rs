//! What the installers take: every file `[package.metadata.deb]` lists exists, icons
//! included at every usual size (`icons`: the PNGs, `.ico` and `.icns` against the SVG),
//! the desktop entry says what desktops need (and names the binary and the icon shipped),
//! and the AppStream metadata is well-formed with the fields software centres require;
//! the Windows and macOS installers' configuration (`[package.metadata.packager]`) names
//! files that exist; the two Windows binaries are what `lienket.exe` and `lienket.com`
//! must be; the release workflow builds, tests and packages on the three systems.

use std::path::Path;

mod icons;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(root().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// The lines of `Cargo.toml`'s `[name]` table, up to the next table.
fn manifest_table(name: &str) -> String {
    let toml = read("Cargo.toml");
    let header = format!("\n[{name}]\n");
    let start = toml
        .find(&header)
        .unwrap_or_else(|| panic!("no [{name}] in Cargo.toml"))
        + header.len();
    let rest = &toml[start..];
    rest[..rest.find("\n[").unwrap_or(rest.len())].to_owned()
}

/// The quoted strings of a table's `key = …` value (one line, or an array over several).
fn manifest_strings(table: &str, key: &str) -> Vec<String> {
    let start = table
        .lines()
        .position(|l| l.starts_with(&format!("{key} = ")))
        .unwrap_or_else(|| panic!("no {key}"));
    let first = table.lines().nth(start).expect("the line");
    let value: String = if first.trim_end().ends_with('[') {
        table
            .lines()
            .skip(start)
            .take_while(|l| *l != "]")
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        first.to_owned()
    };
    let value = value.split_once(" = ").map_or("", |(_, v)| v);
    value
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The package's assets, from `Cargo.toml`: source path and where it is installed.
fn deb_assets() -> Vec<(String, String)> {
    manifest_table("package.metadata.deb")
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("[\""))
        .filter_map(|l| {
            let mut quoted = l.split('"').skip(1).step_by(2);
            Some((quoted.next()?.to_owned(), quoted.next()?.to_owned()))
        })
        .collect()
}

#[test]
fn every_file_the_package_lists_is_there() {
    icons::made();
    let assets = deb_assets();
    assert!(assets.len() >= 4, "{assets:?}");
    // cargo-deb reads `target/release/` as the build's output folder, whatever the profile.
    assert!(assets.contains(&("target/release/lienket".into(), "usr/bin/".into())));
    for (a, _) in assets.iter().filter(|(a, _)| !a.starts_with("target/")) {
        assert!(root().join(a).is_file(), "{a} is listed but missing");
    }
}

#[test]
fn the_package_installs_the_icon_at_every_size_where_desktops_look() {
    let assets = deb_assets();
    for size in icons::SIZES {
        let source = icons::png_path(size);
        let target = format!("usr/share/icons/hicolor/{size}x{size}/apps/");
        assert!(
            assets.contains(&(source.clone(), target.clone())),
            "{source} → {target} is not in [package.metadata.deb]"
        );
    }
    assert!(assets.contains(&(
        "assets/icons/lienket.svg".into(),
        "usr/share/icons/hicolor/scalable/apps/".into()
    )));
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
    let assets = deb_assets();
    assert!(
        assets
            .iter()
            .any(|(a, _)| a.ends_with(&format!("/{icon}.svg")))
    );
    assert!(
        assets
            .iter()
            .any(|(a, _)| a.ends_with(&format!("/48x48/apps/{icon}.png")))
    );
    assert!(value("Categories").ends_with(';'));
    // One main category, or menus list the program twice (desktop-file-validate's hint).
    let main_categories = ["AudioVideo", "Development", "Education", "Game", "Graphics"];
    let main_categories = [&main_categories[..], &["Network", "Office", "Science"]].concat();
    let main_categories = [&main_categories[..], &["Settings", "System", "Utility"]].concat();
    let categories = value("Categories");
    let mains = categories
        .split(';')
        .filter(|c| main_categories.contains(c))
        .count();
    assert_eq!(mains, 1, "{categories}");
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

#[test]
fn the_installers_configuration_names_files_that_exist() {
    icons::made();
    let packager = manifest_table("package.metadata.packager");
    let icons = manifest_strings(&packager, "icons");
    assert!(icons.contains(&icons::ICO_PATH.to_owned()), "{icons:?}");
    assert!(icons.contains(&icons::ICNS_PATH.to_owned()), "{icons:?}");
    for pattern in &icons {
        match pattern.split_once('*') {
            // A glob of the form `before*after` (cargo-packager expands it).
            Some((before, after)) => {
                let found: Vec<u32> = icons::SIZES
                    .into_iter()
                    .filter(|n| {
                        let path = icons::png_path(*n);
                        path.starts_with(before)
                            && path.ends_with(after)
                            && root().join(&path).is_file()
                    })
                    .collect();
                assert_eq!(found, icons::SIZES, "{pattern}");
            }
            None => assert!(root().join(pattern).is_file(), "{pattern} is missing"),
        }
    }
    // The only binary packaged as such is the window's; the console build comes in as
    // `lienket.com` (a resource renamed), beside it.
    assert_eq!(
        manifest_strings(&packager, "binaries"),
        ["lienket"],
        "binaries"
    );
    assert_eq!(
        manifest_strings(&packager, "resources"),
        ["target/dist/lienket-console.exe", "lienket.com"]
    );
    // The WiX fragment that puts the folder on PATH exists and defines the component the
    // MSI is told to take.
    let wix = manifest_table("package.metadata.packager.wix");
    let fragments = manifest_strings(&wix, "fragment-paths");
    let components = manifest_strings(&wix, "component-refs");
    assert!(!fragments.is_empty() && !components.is_empty());
    let fragment_text: String = fragments.iter().map(|f| read(f)).collect();
    for id in &components {
        assert!(
            fragment_text.contains(&format!("<Component Id=\"{id}\"")),
            "{id} is not defined in {fragments:?}"
        );
    }
    assert!(fragment_text.contains("Name=\"PATH\" Value=\"[INSTALLDIR]\""));
    let mut reader = quick_xml::Reader::from_str(&fragment_text);
    loop {
        match reader
            .read_event()
            .expect("the fragment is well-formed XML")
        {
            quick_xml::events::Event::Eof => break,
            _ => continue,
        }
    }
}

#[test]
fn the_window_never_brings_a_console_on_windows_and_lienket_com_serves_the_terminal() {
    // `lienket.exe` is a GUI-subsystem program on Windows; the console build runs the same
    // entry point, for the console subsystem.
    let main = read("src/main.rs");
    assert!(main.contains("#![cfg_attr(windows, windows_subsystem = \"windows\")]"));
    assert!(main.contains("lienket::entry::main()"));
    let console = read("src/bin/lienket-console.rs");
    assert!(!console.contains("windows_subsystem"));
    assert!(console.contains(
        "#[cfg(windows)]\nfn main() -> std::process::ExitCode {\n    lienket::entry::main()\n}"
    ));
    // Elsewhere the console build is a stub that links nothing of the program, so it
    // costs the Linux build nothing, and it says what it is.
    if cfg!(not(windows)) {
        let stub = env!("CARGO_BIN_EXE_lienket-console");
        let out = std::process::Command::new(stub)
            .arg("--version")
            .output()
            .expect("the stub runs");
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("run lienket instead"));
        let size = |p: &str| std::fs::metadata(p).expect("built").len();
        assert!(
            size(stub) * 10 < size(env!("CARGO_BIN_EXE_lienket")),
            "the stub is small: {} against {}",
            size(stub),
            size(env!("CARGO_BIN_EXE_lienket"))
        );
    }
}

#[test]
fn the_release_workflow_builds_tests_and_packages_on_three_systems() {
    let workflow = read(".github/workflows/release.yml");
    for needed in [
        "tags: [\"v*\"]",
        "os: ubuntu-",
        "os: windows-",
        "os: macos-",
        "cargo test --locked",
        "cargo clippy --locked --all-targets -- -D warnings",
        "--profile dist --bins",
        "cargo deb --locked --profile dist",
        "cargo packager --profile dist --formats wix",
        "--formats app,dmg",
        "lienket-console.exe",
    ] {
        assert!(workflow.contains(needed), "release.yml lacks {needed}");
    }
    assert!(!workflow.contains('\t'), "YAML is indented with spaces");
    // The versions of the packaging tools are pinned, and cargo-deb's is the one the
    // Debian package's check was run with (docs/deb-check.txt).
    assert!(workflow.contains("CARGO_DEB_VERSION: \""));
    assert!(workflow.contains("CARGO_PACKAGER_VERSION: \""));
}

#[test]
fn the_deb_check_script_does_every_step_the_release_needs() {
    let script = read("scripts/deb-check.sh");
    assert!(script.starts_with("#!/usr/bin/env bash\n"));
    for needed in [
        "cargo deb --profile dist",
        "apt-get install",
        "Xvfb",
        "import -window",
        "apt-get remove",
        "apt-get purge",
        "--deb-version",
        "check_data \"after remove\"",
        "check_data \"after the upgrade\"",
        "check_answers \"after reinstalling\"",
    ] {
        assert!(script.contains(needed), "deb-check.sh lacks {needed}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(root().join("scripts/deb-check.sh"))
            .expect("the script")
            .permissions()
            .mode();
        assert!(mode & 0o111 != 0, "deb-check.sh is executable");
    }
}
