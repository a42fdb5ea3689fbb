//! The icons the installers take, made from `assets/icons/lienket.svg` by the window's own
//! renderer (`lienket::ui::icon::png`): PNGs at the usual sizes in a hicolor tree (the
//! Debian package, the macOS and Windows packagers), a Windows `.ico` and a macOS `.icns`,
//! both holding PNG entries (Windows Vista and Mac OS X 10.7 onwards read those).
//!
//! The files are committed. `LIENKET_MAKE_ICONS=1 cargo test --test core icons` writes them
//! again (after the SVG changes); otherwise these tests check that every PNG decodes, has
//! its size and matches a fresh rendering of the SVG, and that the `.ico` and `.icns` parse
//! and hold exactly those PNGs.

use resvg::tiny_skia::Pixmap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The PNG sizes committed and installed (hicolor's usual sizes).
pub const SIZES: [u32; 8] = [16, 24, 32, 48, 64, 128, 256, 512];

/// The sizes the `.ico` holds: its directory cannot say more than 256.
const ICO_SIZES: [u32; 7] = [16, 24, 32, 48, 64, 128, 256];

/// The `.icns` entries: each type and the size of the PNG it holds (`ic11`–`ic14` are the
/// Retina ("@2x") variants of 16, 32, 128 and 256 points).
const ICNS_ENTRIES: [(&[u8; 4], u32); 10] = [
    (b"icp4", 16),
    (b"ic11", 32),
    (b"icp5", 32),
    (b"ic12", 64),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic13", 256),
    (b"ic08", 256),
    (b"ic14", 512),
    (b"ic09", 512),
];

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Where the PNG of `size` is kept, relative to the crate.
pub fn png_path(size: u32) -> String {
    format!("assets/icons/hicolor/{size}x{size}/apps/lienket.png")
}

/// The Windows icon, relative to the crate.
pub const ICO_PATH: &str = "assets/icons/lienket.ico";

/// The macOS icon, relative to the crate.
pub const ICNS_PATH: &str = "assets/icons/lienket.icns";

fn read(relative: &str) -> Vec<u8> {
    std::fs::read(root().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// Writes every icon when `LIENKET_MAKE_ICONS=1`, once, before any test reads them.
pub fn made() {
    static MADE: OnceLock<()> = OnceLock::new();
    MADE.get_or_init(|| {
        if std::env::var_os("LIENKET_MAKE_ICONS").is_some_and(|v| v == "1") {
            make_all();
        }
    });
}

fn make_all() {
    let write = |relative: &str, bytes: &[u8]| {
        let path: PathBuf = root().join(relative);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("create the folder");
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{relative}: {e}"));
    };
    for size in SIZES {
        let png = lienket::ui::icon::png(size).expect("the icon is drawn");
        write(&png_path(size), &png);
    }
    let png_of = |size: u32| read(&png_path(size));
    write(ICO_PATH, &ico(&ICO_SIZES.map(|s| (s, png_of(s)))));
    write(
        ICNS_PATH,
        &icns(&ICNS_ENTRIES.map(|(t, s)| (*t, png_of(s)))),
    );
}

/// A Windows icon file holding each PNG as it is: the 6-byte header (reserved, type 1,
/// count), a 16-byte directory entry per image (width and height, 0 meaning 256; colours,
/// reserved, planes 1, 32 bits a pixel, the size and offset of its data), then the data.
fn ico(images: &[(u32, Vec<u8>)]) -> Vec<u8> {
    let count = u16::try_from(images.len()).expect("few images");
    let mut out = Vec::new();
    out.extend(0u16.to_le_bytes());
    out.extend(1u16.to_le_bytes());
    out.extend(count.to_le_bytes());
    let mut offset = 6 + 16 * images.len();
    for (size, png) in images {
        let side = if *size >= 256 {
            0
        } else {
            u8::try_from(*size).expect("at most 256")
        };
        out.extend([side, side, 0, 0]);
        out.extend(1u16.to_le_bytes());
        out.extend(32u16.to_le_bytes());
        out.extend(u32::try_from(png.len()).expect("small").to_le_bytes());
        out.extend(u32::try_from(offset).expect("small").to_le_bytes());
        offset += png.len();
    }
    for (_, png) in images {
        out.extend(png);
    }
    out
}

/// A macOS icon file: `icns` and the file's length (big-endian), then each entry as its
/// type, its length with this 8-byte header, and the PNG.
fn icns(entries: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let mut body = Vec::new();
    for (kind, png) in entries {
        body.extend(kind);
        body.extend(u32::try_from(png.len() + 8).expect("small").to_be_bytes());
        body.extend(png);
    }
    let mut out = b"icns".to_vec();
    out.extend(u32::try_from(body.len() + 8).expect("small").to_be_bytes());
    out.extend(body);
    out
}

/// The images of a Windows icon file: the size its directory gives and the data.
fn parse_ico(bytes: &[u8]) -> Vec<(u32, Vec<u8>)> {
    let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
    let u32_at =
        |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes")) as usize;
    assert_eq!((u16_at(0), u16_at(2)), (0, 1), "an icon file's header");
    let count = usize::from(u16_at(4));
    (0..count)
        .map(|i| {
            let entry = 6 + 16 * i;
            let (w, h) = (bytes[entry], bytes[entry + 1]);
            assert_eq!(w, h, "image {i} is square");
            assert_eq!((u16_at(entry + 4), u16_at(entry + 6)), (1, 32), "image {i}");
            let (len, offset) = (u32_at(entry + 8), u32_at(entry + 12));
            assert!(
                offset + len <= bytes.len(),
                "image {i} lies inside the file"
            );
            let size = if w == 0 { 256 } else { u32::from(w) };
            (size, bytes[offset..offset + len].to_vec())
        })
        .collect()
}

/// The entries of a macOS icon file, which must cover it exactly.
fn parse_icns(bytes: &[u8]) -> Vec<([u8; 4], Vec<u8>)> {
    let u32_at =
        |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes")) as usize;
    assert_eq!(&bytes[..4], b"icns");
    assert_eq!(u32_at(4), bytes.len(), "the header gives the file's length");
    let mut entries = Vec::new();
    let mut at = 8;
    while at < bytes.len() {
        let kind: [u8; 4] = bytes[at..at + 4].try_into().expect("4 bytes");
        let len = u32_at(at + 4);
        assert!(
            len > 8 && at + len <= bytes.len(),
            "entry at {at} lies inside"
        );
        entries.push((kind, bytes[at + 8..at + len].to_vec()));
        at += len;
    }
    assert_eq!(at, bytes.len());
    entries
}

/// A PNG file decoded, checked to be `size` × `size`.
fn decoded(png: &[u8], size: u32, what: &str) -> Pixmap {
    assert!(png.starts_with(PNG_SIGNATURE), "{what} is a PNG");
    let pixmap = Pixmap::decode_png(png).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!((pixmap.width(), pixmap.height()), (size, size), "{what}");
    pixmap
}

/// The largest difference of any channel of any pixel, and the mean difference.
fn difference(a: &Pixmap, b: &Pixmap) -> (u8, f64) {
    let (a, b) = (a.data(), b.data());
    assert_eq!(a.len(), b.len());
    let diffs = a.iter().zip(b).map(|(x, y)| x.abs_diff(*y));
    let max = diffs.clone().max().unwrap_or(0);
    let total: u64 = diffs.map(u64::from).sum();
    (max, total as f64 / a.len() as f64)
}

#[test]
fn every_png_is_the_svg_drawn_at_its_size() {
    made();
    for size in SIZES {
        let path = png_path(size);
        let committed = decoded(&read(&path), size, &path);
        let fresh = decoded(&lienket::ui::icon::png(size).expect("drawn"), size, "fresh");
        // Drawing may differ by a rounding on other processors; a changed SVG differs by
        // far more (the test below shows how much).
        let (max, mean) = difference(&committed, &fresh);
        assert!(
            max <= 24 && mean <= 0.5,
            "{path} no longer matches assets/icons/lienket.svg (largest difference {max}, \
             mean {mean:.3}): run LIENKET_MAKE_ICONS=1 cargo test --test core icons"
        );
    }
}

#[test]
fn the_comparison_notices_a_different_picture() {
    // The icon drawn at another size and scaled is not the icon drawn at this size, and an
    // empty picture is far from the icon: the tolerance above lets neither through.
    let at = |size: u32| decoded(&lienket::ui::icon::png(size).expect("drawn"), size, "fresh");
    let blank = Pixmap::new(64, 64).expect("a pixmap");
    let (max, mean) = difference(&at(64), &blank);
    assert!(max > 24 && mean > 0.5, "{max} {mean}");
    let mut shifted = Pixmap::new(64, 64).expect("a pixmap");
    shifted.draw_pixmap(
        2,
        0,
        at(64).as_ref(),
        &resvg::tiny_skia::PixmapPaint::default(),
        resvg::tiny_skia::Transform::identity(),
        None,
    );
    let (max, _) = difference(&at(64), &shifted);
    assert!(max > 24, "two pixels to the side: {max}");
}

#[test]
fn the_windows_icon_holds_the_pngs_from_16_to_256() {
    made();
    let images = parse_ico(&read(ICO_PATH));
    let sizes: Vec<u32> = images.iter().map(|(s, _)| *s).collect();
    assert_eq!(sizes, ICO_SIZES);
    for (size, png) in &images {
        decoded(png, *size, &format!("{ICO_PATH}, {size}"));
        assert!(
            *png == read(&png_path(*size)),
            "{ICO_PATH}: the {size} image is the committed PNG"
        );
    }
}

#[test]
fn the_macos_icon_holds_the_pngs_under_their_types() {
    made();
    let entries = parse_icns(&read(ICNS_PATH));
    let kinds: Vec<[u8; 4]> = entries.iter().map(|(k, _)| *k).collect();
    assert_eq!(kinds, ICNS_ENTRIES.map(|(k, _)| *k));
    for ((kind, png), (_, size)) in entries.iter().zip(ICNS_ENTRIES) {
        let what = format!("{ICNS_PATH}, {}", String::from_utf8_lossy(kind));
        decoded(png, size, &what);
        assert!(*png == read(&png_path(size)), "{what} is the committed PNG");
    }
}

#[test]
fn the_writers_and_readers_agree() {
    let images = vec![(16, vec![1, 2, 3]), (256, vec![4; 300])];
    let file = ico(&images);
    assert_eq!(file.len(), 6 + 2 * 16 + 3 + 300);
    assert_eq!(file[6 + 16], 0, "256 is written as 0");
    assert_eq!(parse_ico(&file), images);
    let entries = vec![(*b"ic07", vec![9; 10]), (*b"ic09", vec![8; 5])];
    let file = icns(&entries);
    assert_eq!(file.len(), 8 + 18 + 13);
    assert_eq!(parse_icns(&file), entries);
}
