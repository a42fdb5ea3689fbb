//! The extraction benchmark behind `lienket --db FILE bench extract`: the known-name
//! matcher built from every name of the base (its build time, the forms it looks for, the
//! automaton's memory), then a generated document of `pages` pages (3,000 characters
//! each, a known name in every other sentence, the rest ordinary report prose, with and
//! without diacritics) searched for mentions in one pass, and the whole extraction
//! (mentions, proposals, links) run over it. A benchmark, not a test: it prints figures.

use crate::extract::{self, Matcher};
use crate::store::Store;
use std::time::{Duration, Instant};

/// What was measured.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Report {
    /// Names read from the base (names, English names, other names).
    pub names: usize,
    /// Distinct folded forms looked for (acronyms included).
    pub patterns: usize,
    /// Reading the names and building the automaton, seconds.
    pub build_s: f64,
    /// Heap memory of the automaton, MB.
    pub automaton_mb: f64,
    /// Pages and bytes of the document.
    pub pages: usize,
    /// Bytes of the document.
    pub bytes: usize,
    /// Mentions found.
    pub mentions: usize,
    /// Finding the mentions, median of the runs, milliseconds.
    pub find_ms: f64,
    /// The whole extraction (mentions, proposals, links), median, milliseconds.
    pub extract_ms: f64,
    /// Proposals and links of the whole extraction.
    pub proposals: usize,
    /// Links proposed.
    pub relations: usize,
}

/// Sentences of ordinary report prose around the names.
const PROSE: &[&str] = &[
    "Trong năm qua, tỉnh đã triển khai nhiều mô hình sinh kế cho hộ cận nghèo.",
    "Hoi nghi da danh gia ket qua thuc hien chuong trinh tai cac dia phuong.",
    "Nhiều ý kiến đề nghị mở rộng truyền thông để người dân hiểu rõ chính sách.",
    "Tỷ lệ hộ nghèo đa chiều giảm 1,2 điểm phần trăm so với cùng kỳ năm trước.",
    "Cac dai bieu cung thao luan ve chinh sach tro giup xa hoi va an sinh.",
];

/// A deterministic document of `pages` pages naming `names` in turn.
pub fn document(names: &[String], pages: usize) -> String {
    let mut out = String::with_capacity(pages * 3_100);
    let mut k = 0usize;
    for page in 0..pages {
        let start = out.len();
        while out.len() - start < 3_000 {
            let name = names.get(k % names.len().max(1)).map_or("", String::as_str);
            out.push_str(&format!(
                "Sáng 24/3, đại diện {name} phối hợp tổ chức Hội nghị “Chương trình {page}”. "
            ));
            out.push_str(PROSE[k % PROSE.len()]);
            out.push(' ');
            if k % 7 == 6 {
                out.push('\n');
            }
            k += 1;
        }
        out.push('\n');
    }
    out
}

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort_unstable();
    v.get(v.len() / 2).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// Builds the matcher from `store`, generates the document and times both passes
/// `runs` times.
pub fn run(store: &Store, pages: usize, runs: usize) -> anyhow::Result<Report> {
    let t = Instant::now();
    let mut count = 0usize;
    let mut sample = Vec::new();
    let mut b = extract::MatcherBuilder::new();
    store.for_each_name(|n| {
        count += 1;
        if count.is_multiple_of(997) && sample.len() < 2_000 {
            sample.push(n.name.to_owned());
        }
        b.add(n.entity, n.kind, n.name);
    })?;
    let matcher: Matcher = b.build()?;
    let build_s = t.elapsed().as_secs_f64();
    let text = crate::text::nfc(&document(&sample, pages));
    let mut finds = Vec::new();
    let mut extracts = Vec::new();
    let mut mentions = 0;
    let mut found = extract::Extraction::default();
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        mentions = matcher.find(&text).len();
        finds.push(t.elapsed());
        let t = Instant::now();
        found = extract::extract(&text, Some(&matcher));
        extracts.push(t.elapsed());
    }
    Ok(Report {
        names: count,
        patterns: matcher.patterns(),
        build_s,
        automaton_mb: matcher.memory() as f64 / 1e6,
        pages,
        bytes: text.len(),
        mentions,
        find_ms: median(finds),
        extract_ms: median(extracts),
        proposals: found.proposals.len(),
        relations: found.relations.len(),
    })
}

/// The report as lines of text.
pub fn print(r: &Report, out: &mut impl std::io::Write) -> std::io::Result<()> {
    writeln!(
        out,
        "matcher: {} names, {} forms, built in {:.2} s, automaton {:.1} MB",
        r.names, r.patterns, r.build_s, r.automaton_mb
    )?;
    writeln!(
        out,
        "document: {} pages, {} bytes; {} mentions found in {:.1} ms (median)",
        r.pages, r.bytes, r.mentions, r.find_ms
    )?;
    writeln!(
        out,
        "whole extraction: {:.1} ms (median), {} proposals, {} links",
        r.extract_ms, r.proposals, r.relations
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_has_the_pages_asked_for_and_names_every_name() {
        let names = vec!["Bộ Tư pháp".to_owned(), "Tô Đức".to_owned()];
        let d = document(&names, 3);
        assert!(d.len() >= 9_000 && d.len() < 12_000);
        assert!(d.contains("Bộ Tư pháp") && d.contains("Tô Đức"));
    }
}
