//! From a text to knowledge, end to end: known entities of the built-in base found in a
//! text written with acronyms or without diacritics, proposals that name known entities
//! pointing at them, accepting proposals as one undoable edit that cites the user's
//! document (its text kept), and the `extract` command.

use crate::cli::lienket;
use lienket::extract::accept::{Choice, DocumentInfo, accept};
use lienket::extract::{self, End, Matcher, ProposalKind};
use lienket::store::{Create, Store};

fn seeded(dir: &std::path::Path) -> Store {
    let mut store = Store::open(&dir.join("kb.db"), Create::IfMissing).expect("open");
    lienket::seed::install(&mut store).expect("seed");
    store
}

fn empty(dir: &std::path::Path) -> Store {
    let mut store = Store::open(&dir.join("empty.db"), Create::IfMissing).expect("open");
    lienket::seed::install_vocabulary(&mut store).expect("vocabulary");
    store
}

const REPORT: &str = "Sáng 24/3/2022, Sở Y tế Hà Nội cùng Bộ LĐTB&XH tổ chức Tọa đàm “Chăm sóc người cao tuổi”.\n\
Tham dự tọa đàm có đại diện Cục BTXH, Ngan hang Chinh sach xa hoi và Bộ Tư pháp.\n\
Phát biểu tại tọa đàm, Giám đốc Sở Y tế Hà Nội Trần Văn Nam nhấn mạnh vai trò của cộng đồng.\n";

#[test]
fn known_entities_are_found_by_acronym_and_without_diacritics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = seeded(dir.path());
    let matcher = Matcher::from_store(&store).expect("matcher");
    let mentions = matcher.find(&lienket::text::nfc(REPORT));
    let named = |text: &str| -> String {
        let m = mentions
            .iter()
            .find(|m| m.text == text)
            .unwrap_or_else(|| panic!("{text} is found in {mentions:?}"));
        store.entity(m.entities[0].0).expect("entity").name
    };
    assert_eq!(named("Bộ LĐTB&XH"), "Bộ Lao động - Thương binh và Xã hội");
    assert_eq!(named("Cục BTXH"), "Cục Bảo trợ xã hội");
    assert_eq!(
        named("Ngan hang Chinh sach xa hoi"),
        "Ngân hàng Chính sách xã hội"
    );
    assert_eq!(named("Bộ Tư pháp"), "Bộ Tư pháp");
    for m in &mentions {
        assert_eq!(&REPORT[m.span.clone()], m.text, "spans point into the text");
    }
}

#[test]
fn proposals_point_at_known_entities_instead_of_repeating_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = seeded(dir.path());
    let matcher = Matcher::from_store(&store).expect("matcher");
    let found = extract::extract(&lienket::text::nfc(REPORT), Some(&matcher));
    let names: Vec<&str> = found.proposals.iter().map(|p| p.name.as_str()).collect();
    assert!(names.contains(&"Sở Y tế Hà Nội"), "{names:?}");
    assert!(names.contains(&"Trần Văn Nam"), "{names:?}");
    assert!(
        !names
            .iter()
            .any(|n| n.contains("Tư pháp") || n.contains("LĐTB")),
        "known organisations are not proposed again: {names:?}"
    );
    let ministry = store
        .resolve("Bộ Lao động - Thương binh và Xã hội")
        .expect("resolve")
        .expect("the ministry is built in");
    assert!(
        found
            .relations
            .iter()
            .any(|r| r.predicate == "organised_by" && r.object == End::Known(ministry)),
        "the known ministry organised the event: {:?}",
        found.relations
    );
}

#[test]
fn accepting_creates_everything_in_one_edit_citing_the_document_and_undo_removes_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = empty(dir.path());
    let text = lienket::text::nfc(REPORT);
    let found = extract::extract(&text, None);
    let edits_before = store.log(None, 100).expect("log").len();
    let doc = DocumentInfo {
        title: "Bản tin tọa đàm chăm sóc người cao tuổi".into(),
        publisher: Some("Báo Sức khỏe".into()),
        date: Some("2022-03-24".into()),
        url: Some("https://example.org/tin".into()),
        text: text.clone(),
        ..DocumentInfo::default()
    };
    let done = accept(
        &mut store,
        "accept proposals",
        &doc,
        &found,
        &Choice::all(&found),
    )
    .expect("accept");
    assert_eq!(
        store.log(None, 100).expect("log").len(),
        edits_before + 1,
        "one edit"
    );
    assert_eq!(
        store.document_text(done.document).expect("text"),
        Some(text.clone())
    );
    assert_eq!(done.skipped, 0);
    assert_eq!(done.relations.len(), found.relations.len());

    let person = found
        .proposals
        .iter()
        .position(|p| p.kind == ProposalKind::Person)
        .expect("a person is proposed");
    let detail = store
        .detail(done.entities[person].expect("accepted"))
        .expect("detail");
    assert_eq!(detail.entity.name, "Trần Văn Nam");
    let post = detail
        .relations
        .iter()
        .find(|r| r.predicate == "holds_position")
        .expect("holds a position");
    assert_eq!(post.role.as_deref(), Some("Giám đốc"));
    assert_eq!(post.other.name, "Sở Y tế Hà Nội");
    let cite = &post.citations[0];
    assert_eq!(cite.locator.as_deref(), Some("đoạn 3"));
    assert!(
        cite.quote
            .as_deref()
            .is_some_and(|q| q.starts_with("Phát biểu tại tọa đàm")),
        "the sentence is the quote: {cite:?}"
    );
    assert_eq!(cite.source.name, doc.title);
    assert_eq!(detail.citations[0].locator.as_deref(), Some("đoạn 3"));

    let event = found
        .proposals
        .iter()
        .position(|p| p.kind == ProposalKind::Event)
        .expect("an event");
    let event = store
        .entity(done.entities[event].expect("accepted"))
        .expect("event");
    assert_eq!(event.date_start.as_deref(), Some("2022-03-24"));

    store.undo().expect("undo");
    assert_eq!(store.document_text(done.document).expect("text"), None);
    assert!(store.entity(done.document).is_err(), "the document is gone");
    assert_eq!(store.stats().expect("stats").entities, 0);
}

#[test]
fn links_to_proposals_that_were_not_accepted_are_left_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = empty(dir.path());
    let text = lienket::text::nfc(REPORT);
    let found = extract::extract(&text, None);
    let orgs: Vec<usize> = (0..found.proposals.len())
        .filter(|&i| found.proposals[i].kind == ProposalKind::Organisation)
        .collect();
    let choice = Choice {
        proposals: orgs,
        relations: (0..found.relations.len()).collect(),
    };
    let doc = DocumentInfo {
        title: "Tin".into(),
        text: text.clone(),
        ..DocumentInfo::default()
    };
    let done = accept(&mut store, "accept some", &doc, &found, &choice).expect("accept");
    assert!(done.skipped > 0);
    assert!(done.entities.iter().flatten().count() >= 3);
    assert!(
        done.relations.is_empty(),
        "every link here needs the event or the person"
    );
}

#[test]
fn the_extract_command_prints_mentions_and_proposals() {
    let dir = tempfile::tempdir().expect("tempdir");
    drop(seeded(dir.path()));
    let db = dir.path().join("kb.db");
    let page = dir.path().join("tin.html");
    std::fs::write(
        &page,
        format!(
            "<html><body><h1>Tin</h1>{}</body></html>",
            REPORT
                .lines()
                .map(|l| format!("<p>{l}</p>"))
                .collect::<String>()
        ),
    )
    .expect("write");
    let db = db.to_str().expect("path");
    let out = lienket(
        dir.path(),
        &[
            "--db",
            db,
            "extract",
            page.to_str().expect("path"),
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let mentions = report["mentions"].as_array().expect("mentions");
    assert!(
        mentions
            .iter()
            .any(|m| m["text"] == "Cục BTXH" && m["entities"][0]["name"] == "Cục Bảo trợ xã hội")
    );
    let proposals = report["proposals"].as_array().expect("proposals");
    let person = proposals
        .iter()
        .find(|p| p["name"] == "Trần Văn Nam")
        .expect("the person is proposed");
    assert_eq!(person["kind"], "person");
    assert_eq!(person["role"], "Giám đốc");
    // The heading is paragraph 1, so the third line of the report is paragraph 4.
    assert_eq!(person["locator"], "đoạn 4");
    assert!(!person["relations"].as_array().expect("links").is_empty());

    let out = lienket(
        dir.path(),
        &[
            "--db",
            db,
            "extract",
            page.to_str().expect("path"),
            "--lang",
            "en",
        ],
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("Proposed new entities"), "{text}");
    assert!(text.contains("[person] Trần Văn Nam — Giám đốc"), "{text}");
}
