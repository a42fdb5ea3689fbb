//! Names found in one sentence by the patterns of Vietnamese news writing:
//! organisations by their heads ("Bộ", "Cục", "Ngân hàng"…) up to the natural end of the
//! name, people by the title before their name (with the organisation named between
//! them), events by their words ("Hội thảo", "Hội nghị"…) with a quoted title or a
//! name, and the known entities the matcher found there.
//!
//! Where a name ends: it goes on over capitalised words, over up to three lower-case
//! syllables after a capitalised one ("Bảo trợ xã hội"), over "và", "của" or a dash
//! followed by a capitalised word, and over "tỉnh", "huyện"… followed by a place; it stops
//! at punctuation, at the function words and verbs of [`NAME_STOPS`], and before a
//! person's name that follows an organisation after a title.

use super::lexicon::*;
use super::tokens::Token;
use crate::model::EntityId;
use std::ops::Range;

/// What a found name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoundKind {
    /// An organisation.
    Organisation,
    /// A person.
    Person,
    /// An event.
    Event,
}

/// A name found in a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// What it names.
    pub kind: FoundKind,
    /// Its tokens in the sentence.
    pub tokens: Range<usize>,
    /// The known entity it is, when the matcher found one there.
    pub known: Option<EntityId>,
    /// A person's title as written ("Cục trưởng"), when it names a post.
    pub role: Option<String>,
    /// The found organisation (index in the sentence's list) a person's title names.
    pub role_org: Option<usize>,
    /// An event named only by its word ("hội thảo"): the event the text spoke of last.
    pub generic: bool,
    /// Inside brackets.
    pub bracketed: bool,
    /// An acronym in brackets right after an organisation's name: another name of it.
    pub acronym: Option<usize>,
}

/// A known entity's mention, by tokens of the sentence.
#[derive(Clone, Debug)]
pub struct KnownSpan {
    /// Its tokens.
    pub tokens: Range<usize>,
    /// The entity.
    pub entity: EntityId,
    /// Its kind.
    pub kind: String,
}

/// Whether a lower-case word (or the two words) at `i` ends a name.
pub fn stops_name(tokens: &[Token], i: usize) -> bool {
    NAME_STOPS.at(tokens, i).is_some()
}

/// The token after a place name or administrative word with its place at `i`.
fn admin_place(tokens: &[Token], i: usize) -> Option<usize> {
    let after = ADMIN_WORDS.at(tokens, i)?;
    if tokens[i].is_cap() && tokens[i].folded != "tp" {
        return None;
    }
    tokens.get(after).filter(|t| t.is_cap()).map(|_| after)
}

/// Whether an organisation head (or a standalone name) written with a capital starts at
/// `i`; returns the token after the head.
fn org_head(tokens: &[Token], i: usize) -> Option<usize> {
    if !tokens.get(i)?.is_cap() {
        return None;
    }
    ORG_HEADS
        .at(tokens, i)
        .or_else(|| STANDALONE_ORGS.at(tokens, i))
}

/// Where an organisation's name that starts with the head `i..head_end` ends (the token
/// after it), or `None` when no name follows the head.
pub fn org_end(tokens: &[Token], i: usize, head_end: usize) -> Option<usize> {
    if STANDALONE_ORGS.at(tokens, i) == Some(head_end) {
        return Some(head_end);
    }
    let first = tokens.get(head_end)?;
    let mut j = head_end;
    if first.is_cap() {
        j += 1;
    } else if let Some(after) = admin_place(tokens, head_end) {
        j = after + 1;
    } else {
        return None;
    }
    let mut end = j;
    let mut lower_run = 0;
    while let Some(t) = tokens.get(j) {
        let next_cap = tokens.get(j + 1).is_some_and(Token::is_cap);
        if t.is_cap() {
            // A new name starts after a lower-case word: "Cục Bảo trợ xã hội Bộ …".
            if tokens[j - 1].is_lower()
                && org_head(tokens, j).is_some_and(|h| tokens.get(h).is_some_and(Token::is_cap))
            {
                break;
            }
            j += 1;
            end = j;
            lower_run = 0;
        } else if t.is_any_punct(&['-', '&']) && next_cap {
            j += 1;
        } else if t.folded == "ve"
            && j >= 2
            && tokens[j - 2].folded == "quoc"
            && tokens[j - 1].folded == "gia"
            && tokens
                .get(j + 1)
                .is_some_and(|n| n.is_lower() && !stops_name(tokens, j + 1))
        {
            // "Ủy ban Quốc gia về người cao tuổi", "Văn phòng Quốc gia về giảm nghèo".
            j += 1;
            lower_run = 0;
        } else if t.is_lower() && CONNECTORS.is(tokens, j) && next_cap {
            // "… Xã hội và Viện Khoa học …": two organisations, unless "của" makes the
            // second the owner ("Ủy ban Xã hội của Quốc hội").
            if t.folded != "cua"
                && org_head(tokens, j + 1).is_some_and(|h| {
                    STANDALONE_ORGS.at(tokens, j + 1) == Some(h)
                        || tokens.get(h).is_some_and(Token::is_cap)
                })
            {
                break;
            }
            j += 1;
        } else if let Some(after) = admin_place(tokens, j).filter(|_| t.is_lower()) {
            j = after;
        } else if t.is_lower() && !stops_name(tokens, j) && lower_run < 3 {
            lower_run += 1;
            j += 1;
            end = j;
        } else {
            break;
        }
    }
    Some(end)
}

fn is_surname(t: &Token) -> bool {
    t.is_cap() && !t.is_number() && SURNAMES.at(std::slice::from_ref(t), 0).is_some()
}

/// Where a person's name ends when it starts at `i` (2 to 4 capitalised words; the
/// first a surname unless `any_first`).
fn person_end(tokens: &[Token], i: usize, any_first: bool) -> Option<usize> {
    let first = tokens.get(i)?;
    if !first.is_cap() || first.is_number() || (!any_first && !is_surname(first)) {
        return None;
    }
    if PLACES.at(tokens, i).is_some() && !any_first {
        // "Hà Nội" is a place, "Hà Thị Nga" a person.
        let place_end = PLACES.at(tokens, i)?;
        if place_end > i + 1 && !tokens.get(place_end).is_some_and(Token::is_cap) {
            return None;
        }
    }
    let mut j = i + 1;
    while j < tokens.len() && j < i + 5 && tokens[j].is_cap() && !tokens[j].is_number() {
        // "… Hà Nội Đoàn Thanh niên …": a new organisation, not the rest of the name.
        if j > i + 1 && org_head(tokens, j).is_some_and(|h| org_end(tokens, j, h).is_some()) {
            break;
        }
        j += 1;
    }
    (j - i >= 2 && j - i <= 4).then_some(j)
}

/// Splits a person's name off the end of an organisation's name `i..end` found right
/// after a title: "Cục Bảo trợ xã hội Tô Đức" → the organisation ends before "Tô".
fn split_person(tokens: &[Token], head_end: usize, end: usize) -> Option<usize> {
    let mut run = end;
    while run > head_end && tokens[run - 1].is_cap() && !tokens[run - 1].is_number() {
        run -= 1;
    }
    (run.max(head_end)..end).find(|&s| {
        let len = end - s;
        (2..=4).contains(&len)
            && is_surname(&tokens[s])
            && !PLACES
                .at(tokens, s)
                .is_some_and(|p| end - p >= 2 || p == end)
    })
}

/// An event starting with its word at `i` (the word ending at `head_end`): a quoted title
/// within a few words, a capitalised name, or a description in lower case after a
/// capitalised word; otherwise a reference to an event named before.
fn event_at(text: &str, tokens: &[Token], i: usize, head_end: usize) -> (usize, bool) {
    // A quoted title within a few words: Hội thảo khoa học “…”.
    let mut j = head_end;
    while j < tokens.len() && j < head_end + 8 {
        let t = &tokens[j];
        if super::tokens::opens_quote(text, t) {
            if let Some(close) =
                (j + 1..tokens.len().min(j + 60)).find(|&k| tokens[k].is_punct('"'))
                && close > j + 1
            {
                return (close + 1, false);
            }
            break;
        }
        if !(t.is_word() || t.is_punct(':'))
            || (j > head_end && stops_name(tokens, j) && !matches!(t.folded.as_str(), "voi" | "ve"))
        {
            break;
        }
        j += 1;
    }
    let capital = tokens[i].is_cap();
    if capital
        && tokens
            .get(head_end)
            .is_some_and(|t| t.is_cap() && !t.is_number())
        && let Some(end) = org_end(tokens, i, head_end)
    {
        return (end, false);
    }
    // A description in lower case names an event where it follows a word ("tổ chức Hội
    // nghị tổng kết …"); at the start of a sentence or clause the event's word is the
    // subject and means the event named before ("Hội thảo cũng ghi nhận …").
    let subject = i == 0 || !tokens[i - 1].is_word();
    if capital
        && !subject
        && tokens.get(head_end).is_some_and(|t| t.is_lower())
        && EVENT_STOPS.at(tokens, head_end).is_none()
    {
        let mut j = head_end;
        while j < tokens.len() && j < head_end + 20 {
            let t = &tokens[j];
            let year = t.folded == "nam" && tokens.get(j + 1).is_some_and(Token::is_number);
            if year {
                j += 2;
            } else if t.is_word() && EVENT_STOPS.at(tokens, j).is_none() {
                j += 1;
            } else if t.is_punct('-') && tokens.get(j + 1).is_some_and(Token::is_number) {
                // "giai đoạn 2023-2028".
                j += 1;
            } else {
                break;
            }
        }
        if j >= head_end + 2 {
            return (j, false);
        }
    }
    (head_end, true)
}

/// Every name of a sentence, left to right; `known` are the matcher's mentions in it.
pub fn scan(text: &str, tokens: &[Token], known: &[KnownSpan]) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut i = 0;
    let mut depth = 0usize;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.is_punct('(') {
            depth += 1;
        } else if t.is_punct(')') {
            depth = depth.saturating_sub(1);
        }
        if !t.is_word() {
            i += 1;
            continue;
        }
        let bracketed = depth > 0;
        let known_here = known.iter().find(|k| k.tokens.start == i);
        let before = out.len();
        let next = title_person(text, tokens, i, known, &mut out)
            .or_else(|| {
                let head_end = EVENT_HEADS.at(tokens, i)?;
                let (end, generic) = event_at(text, tokens, i, head_end);
                out.push(found(FoundKind::Event, i..end, bracketed));
                out.last_mut()?.generic = generic;
                Some(end)
            })
            .or_else(|| {
                let head_end = org_head(tokens, i)?;
                let end = org_end(tokens, i, head_end)?;
                let mut f = found(FoundKind::Organisation, i..end, bracketed);
                // "Ngân hàng Chính sách xã hội (NHCSXH)".
                if tokens.get(end).is_some_and(|t| t.is_punct('('))
                    && tokens.get(end + 1).is_some_and(Token::is_acronym)
                    && tokens.get(end + 2).is_some_and(|t| t.is_punct(')'))
                {
                    f.acronym = Some(end + 1);
                    out.push(f);
                    return Some(end + 3);
                }
                out.push(f);
                Some(end)
            });
        let pattern_end = next.unwrap_or(i);
        match known_here {
            // A known name at least as long as the pattern's names the entity.
            Some(k) if k.tokens.end >= pattern_end && kind_of(&k.kind).is_some() => {
                out.truncate(before);
                if let Some(kind) = kind_of(&k.kind) {
                    let mut f = found(kind, k.tokens.clone(), bracketed);
                    f.known = Some(k.entity);
                    out.push(f);
                }
                i = k.tokens.end;
            }
            _ => {
                for f in &mut out[before..] {
                    f.bracketed |= bracketed;
                    if let Some(k) = known
                        .iter()
                        .find(|k| k.tokens == f.tokens && kind_of(&k.kind) == Some(f.kind))
                    {
                        f.known = Some(k.entity);
                    }
                }
                i = next.unwrap_or(i + 1).max(i + 1);
            }
        }
    }
    out
}

fn kind_of(kind: &str) -> Option<FoundKind> {
    match kind {
        "organisation" => Some(FoundKind::Organisation),
        "person" => Some(FoundKind::Person),
        "event" => Some(FoundKind::Event),
        _ => None,
    }
}

fn found(kind: FoundKind, tokens: Range<usize>, bracketed: bool) -> Found {
    Found {
        kind,
        tokens,
        known: None,
        role: None,
        role_org: None,
        generic: false,
        bracketed,
        acronym: None,
    }
}

/// A title at `i` with what follows it: an organisation (by its head, or known), then a
/// person's name, then perhaps ", <title> <organisation>" in apposition. Pushes what it
/// finds and returns the token after it.
fn title_person(
    text: &str,
    tokens: &[Token],
    i: usize,
    known: &[KnownSpan],
    out: &mut Vec<Found>,
) -> Option<usize> {
    let (title_start, title_end) = title_at(tokens, i)?;
    let honorific = is_honorific(tokens, title_start, title_end);
    let mut j = title_end;
    let mut org = None;
    if !honorific && let Some((end, idx)) = org_after(tokens, j, known, true, out) {
        org = Some(idx);
        j = end;
    }
    let Some(person_stop) = person_end(tokens, j, !honorific || org.is_none()).or_else(|| {
        // "ông Nguyễn Văn An" and names that are not Vietnamese after "ông"/"bà".
        honorific.then(|| person_end(tokens, j, true)).flatten()
    }) else {
        return (org.is_some()).then_some(j);
    };
    // A person needs a title that names a post, or "ông"/"bà"… before a surname.
    let mut person = found(FoundKind::Person, j..person_stop, false);
    if let Some(k) = known
        .iter()
        .find(|k| k.tokens == person.tokens && k.kind == "person")
    {
        person.known = Some(k.entity);
    }
    if !honorific {
        person.role = Some(title_text(text, tokens, title_start, title_end));
        person.role_org = org;
    }
    let mut end = person_stop;
    // Apposition: "ông Nguyễn Văn An, Giám đốc Sở Y tế, cho biết".
    if person.role.is_none()
        && tokens
            .get(end)
            .is_some_and(|t| t.is_any_punct(&[',', '-', '(']))
        && let Some((ts, te)) = title_at(tokens, end + 1)
        && !is_honorific(tokens, ts, te)
    {
        person.role = Some(title_text(text, tokens, ts, te));
        end = te;
        if let Some((org_stop, idx)) = org_after(tokens, te, known, false, out) {
            person.role_org = Some(idx);
            end = org_stop;
        }
    }
    out.push(person);
    Some(end)
}

/// The organisation right after a title at `j`, pushed to `out`: (token after it, its
/// index in `out`). With `person_follows`, a person's name at its end is left out.
fn org_after(
    tokens: &[Token],
    j: usize,
    known: &[KnownSpan],
    person_follows: bool,
    out: &mut Vec<Found>,
) -> Option<(usize, usize)> {
    let from_pattern = org_head(tokens, j).and_then(|h| {
        let end = org_end(tokens, j, h)?;
        let end = if person_follows {
            split_person(tokens, h, end).unwrap_or(end)
        } else {
            end
        };
        Some(end)
    });
    let known_org = known
        .iter()
        .find(|k| k.tokens.start == j && k.kind == "organisation");
    // "Tổng Giám đốc NHCSXH Dương Quyết Thắng": an acronym names the organisation.
    let from_pattern = from_pattern.or_else(|| {
        tokens
            .get(j)
            .is_some_and(|t| t.is_acronym() && !SURNAMES.is(tokens, j))
            .then_some(j + 1)
    });
    let (end, entity) = match (from_pattern, known_org) {
        (Some(e), Some(k)) if k.tokens.end >= e => (k.tokens.end, Some(k.entity)),
        (Some(e), _) => (e, None),
        (None, Some(k)) => (k.tokens.end, Some(k.entity)),
        (None, None) => return None,
    };
    let mut f = found(FoundKind::Organisation, j..end, false);
    f.known = entity.or_else(|| {
        known
            .iter()
            .find(|k| k.tokens == f.tokens && k.kind == "organisation")
            .map(|k| k.entity)
    });
    out.push(f);
    Some((end, out.len() - 1))
}

/// A title at `i`, "Phó" included: (its first token, the token after it).
fn title_at(tokens: &[Token], i: usize) -> Option<(usize, usize)> {
    let start = i;
    let j = if tokens.get(i).is_some_and(|t| t.folded == "pho") {
        i + 1
    } else {
        i
    };
    let end = TITLES.at(tokens, j)?;
    // "Bộ trưởng" is a title; "Bộ Tư pháp" starts an organisation (no title matches it).
    Some((start, end))
}

fn is_honorific(tokens: &[Token], start: usize, end: usize) -> bool {
    HONORIFICS.at(tokens, start) == Some(end)
}

/// A title as written, its first letter a capital ("cục trưởng" → "Cục trưởng").
fn title_text(text: &str, tokens: &[Token], start: usize, end: usize) -> String {
    let raw = &text[tokens[start].span.start..tokens[end - 1].span.end];
    let mut chars = raw.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tokens::tokenize;

    /// The names found in `text`, as written, with their kinds.
    fn names(text: &str) -> Vec<(FoundKind, String)> {
        let tokens = tokenize(text, 0..text.len());
        scan(text, &tokens, &[])
            .into_iter()
            .filter(|f| !f.generic)
            .map(|f| {
                let span = tokens[f.tokens.start].span.start..tokens[f.tokens.end - 1].span.end;
                (f.kind, text[span].to_owned())
            })
            .collect()
    }

    fn orgs(text: &str) -> Vec<String> {
        names(text)
            .into_iter()
            .filter(|(k, _)| *k == FoundKind::Organisation)
            .map(|(_, n)| n)
            .collect()
    }

    #[test]
    fn organisation_names_run_to_their_natural_end() {
        assert_eq!(
            orgs("Bộ Lao động - Thương binh và Xã hội và những cơ quan khác"),
            ["Bộ Lao động - Thương binh và Xã hội"]
        );
        assert_eq!(
            orgs("Cục Bảo trợ xã hội phối hợp với Bộ Tư pháp."),
            ["Cục Bảo trợ xã hội", "Bộ Tư pháp"]
        );
        assert_eq!(
            orgs("Ủy ban Xã hội của Quốc hội, Chính phủ"),
            ["Ủy ban Xã hội của Quốc hội", "Chính phủ"]
        );
        assert_eq!(orgs("UBND tỉnh Lào Cai đã họp"), ["UBND tỉnh Lào Cai"]);
        assert_eq!(
            orgs("Trường Đại học Lao động - Xã hội và Viện Khoa học Lao động và Xã hội tổ chức"),
            [
                "Trường Đại học Lao động - Xã hội",
                "Viện Khoa học Lao động và Xã hội"
            ]
        );
        assert_eq!(orgs("Sở LĐTB&XH Hà Nội cho biết"), ["Sở LĐTB&XH Hà Nội"]);
    }

    #[test]
    fn lower_case_heads_and_look_alike_words_start_no_organisation() {
        assert!(orgs("các bộ, ngành và sở đã họp").is_empty());
        assert!(orgs("Ban tổ chức cảm ơn khách mời").is_empty());
        assert!(
            orgs("Vũ Văn An đến dự").is_empty(),
            "Vũ is a surname, Vụ a head"
        );
    }

    #[test]
    fn a_title_names_the_post_the_organisation_and_the_person() {
        let text = "Tại diễn đàn, Cục trưởng Cục Trẻ em Nguyễn Văn Bình nhấn mạnh";
        let tokens = tokenize(text, 0..text.len());
        let found = scan(text, &tokens, &[]);
        let person = found
            .iter()
            .find(|f| f.kind == FoundKind::Person)
            .expect("a person");
        assert_eq!(person.role.as_deref(), Some("Cục trưởng"));
        let org = &found[person.role_org.expect("an organisation")];
        let span = tokens[org.tokens.start].span.start..tokens[org.tokens.end - 1].span.end;
        assert_eq!(&text[span], "Cục Trẻ em");
        assert!(
            found[0].generic,
            "“diễn đàn” alone refers to the event named before"
        );
    }

    #[test]
    fn people_after_titles_places_and_apposition() {
        assert!(
            names("Giám đốc Sở LĐTB&XH Hà Nội Nguyễn Văn An cho biết")
                .contains(&(FoundKind::Person, "Nguyễn Văn An".to_owned()))
        );
        let text = "Bà Trần Thị Mai, Giám đốc Trung tâm Công tác xã hội Hà Nội, đề nghị";
        let tokens = tokenize(text, 0..text.len());
        let found = scan(text, &tokens, &[]);
        let person = found
            .iter()
            .find(|f| f.kind == FoundKind::Person)
            .expect("person");
        assert_eq!(person.role.as_deref(), Some("Giám đốc"));
        assert!(person.role_org.is_some());
        assert!(
            names("ông bà đã đến")
                .iter()
                .all(|(k, _)| *k != FoundKind::Person),
            "no name, no person"
        );
    }

    #[test]
    fn events_by_quoted_title_proper_name_or_description() {
        let events = |t: &str| -> Vec<String> {
            names(t)
                .into_iter()
                .filter(|(k, _)| *k == FoundKind::Event)
                .map(|(_, n)| n)
                .collect()
        };
        assert_eq!(
            events("khai mạc Hội thảo “Trẻ em và chuyển đổi số”, với"),
            ["Hội thảo “Trẻ em và chuyển đổi số”"]
        );
        assert_eq!(
            events("khai mạc Diễn đàn Kinh tế Việt Nam tại Hà Nội"),
            ["Diễn đàn Kinh tế Việt Nam"]
        );
        assert_eq!(
            events("tổ chức Hội nghị tổng kết công tác năm 2023 tại Hà Nội"),
            ["Hội nghị tổng kết công tác năm 2023"]
        );
        assert!(events("Hội thảo có 150 khách mời").is_empty());
        assert!(events("Hội thảo cũng ghi nhận nhiều ý kiến về nguồn lực").is_empty());
    }
}
