//! A document's text from a file: plain text, Markdown (a paragraph's lines joined, marks
//! of headings, quotes and lists dropped) or HTML (tags stripped simply: block elements end
//! a paragraph, scripts and styles dropped, entities decoded). Text in a legacy
//! Vietnamese encoding (TCVN3, VNI, Windows-1258) is read into Unicode; the result is NFC,
//! one paragraph a line.

use crate::text;
use std::path::Path;

/// The format of a document, by its file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text: each line with text is a paragraph.
    Text,
    /// Markdown.
    Markdown,
    /// HTML.
    Html,
}

impl Format {
    /// By extension: .md/.markdown, .html/.htm, anything else plain text.
    pub fn of(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("md" | "markdown") => Format::Markdown,
            Some("html" | "htm" | "xhtml") => Format::Html,
            _ => Format::Text,
        }
    }
}

/// Reads a file as a document's text.
pub fn read_file(path: &Path) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    Ok(read(&bytes, Format::of(path)))
}

/// A document's text from its bytes.
pub fn read(bytes: &[u8], format: Format) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let raw = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => match text::legacy::guess(bytes) {
            Some(legacy) => text::legacy::decode(bytes, legacy),
            None => String::from_utf8_lossy(bytes).into_owned(),
        },
    };
    let plain = match format {
        Format::Text => raw.replace("\r\n", "\n"),
        Format::Markdown => markdown(&raw.replace("\r\n", "\n")),
        Format::Html => html(&raw),
    };
    text::nfc(&plain)
}

/// Markdown to paragraphs: lines of a block joined, one list item or heading a line.
fn markdown(s: &str) -> String {
    let mut out = String::new();
    let mut block = String::new();
    let flush = |block: &mut String, out: &mut String| {
        if !block.trim().is_empty() {
            out.push_str(block.trim());
            out.push('\n');
        }
        block.clear();
    };
    let mut fenced = false;
    for line in s.lines() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
            flush(&mut block, &mut out);
            continue;
        }
        if fenced {
            continue;
        }
        if t.is_empty() {
            flush(&mut block, &mut out);
            continue;
        }
        let heading = t.starts_with('#');
        let item = t.starts_with("- ")
            || t.starts_with("* ")
            || t.starts_with("+ ")
            || t.split_once(". ").is_some_and(|(n, _)| {
                !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit())
            });
        let content = t
            .trim_start_matches('#')
            .trim_start_matches('>')
            .trim_start();
        let content = if item && !t.starts_with(|c: char| c.is_ascii_digit()) {
            &content[2..]
        } else {
            content
        };
        let content = content.replace("**", "").replace("__", "");
        if heading || item {
            flush(&mut block, &mut out);
            block.push_str(&content);
            flush(&mut block, &mut out);
        } else {
            if !block.is_empty() {
                block.push(' ');
            }
            block.push_str(&content);
        }
    }
    flush(&mut block, &mut out);
    out
}

/// Elements that end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "ul",
    "ol",
    "table",
    "title",
    "figcaption",
    "pre",
];

/// HTML to paragraphs, simply: tags dropped, block elements as line ends.
fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else {
            rest = "";
            break;
        };
        let tag = rest[1..gt].trim_start_matches('/').to_ascii_lowercase();
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        rest = &rest[gt + 1..];
        if (name == "script" || name == "style") && !rest.is_empty() {
            let close = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            rest = lower
                .find(&close)
                .and_then(|at| rest[at..].find('>').map(|g| &rest[at + g + 1..]))
                .unwrap_or("");
            continue;
        }
        if BLOCKS.contains(&name.as_str()) {
            out.push('\n');
        } else {
            out.push(' ');
        }
    }
    out.push_str(rest);
    let decoded = entities(&out);
    decoded
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// HTML character references decoded: the usual named ones and numeric ones.
fn entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.as_bytes()[..rest.len().min(12)]
            .iter()
            .position(|&b| b == b';');
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                "ldquo" => Some('“'),
                "rdquo" => Some('”'),
                "ndash" => Some('–'),
                "mdash" => Some('—'),
                "hellip" => Some('…'),
                _ => {
                    let n = name.strip_prefix('#')?;
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(h) => u32::from_str_radix(h, 16).ok()?,
                        None => n.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_tags_are_stripped_blocks_end_paragraphs() {
        let page = "<html><head><title>T</title><style>p{}</style><script>var a='<p>';</script>\
                    </head><body><p>Bộ <b>Tư pháp</b> &amp; Sở&nbsp;Y tế</p><p>Đoạn&#32;2 &#x110;</p>\
                    <!-- <p>no</p> --></body></html>";
        assert_eq!(
            read(page.as_bytes(), Format::Html),
            "T\nBộ Tư pháp & Sở Y tế\nĐoạn 2 Đ"
        );
    }

    #[test]
    fn markdown_paragraphs_are_joined_lines() {
        let md = "# Tiêu đề\n\nDòng một\ndòng hai.\n\n- mục **một**\n- mục hai\n";
        assert_eq!(
            read(md.as_bytes(), Format::Markdown),
            "Tiêu đề\nDòng một dòng hai.\nmục một\nmục hai\n"
        );
    }

    #[test]
    fn an_ampersand_before_letters_with_diacritics_is_kept() {
        assert_eq!(
            read("Bộ LĐTB&XH tổ chức; Sở".as_bytes(), Format::Html),
            "Bộ LĐTB&XH tổ chức; Sở"
        );
        assert_eq!(read("A &ứ;".as_bytes(), Format::Html), "A &ứ;");
    }

    #[test]
    fn text_is_nfc_without_bom() {
        let nfd = "\u{FEFF}To\u{0302} \u{0110}u\u{031B}\u{0301}c\r\n";
        assert_eq!(read(nfd.as_bytes(), Format::Text), "Tô Đức\n");
    }
}
