//! Links proposed from one sentence, between the names found in it (and the event the text
//! spoke of last): a title with an organisation before a name → holds a position there;
//! "<organisations> (phối hợp với …) tổ chức <event>" or "<event> do <organisations> tổ
//! chức" → organised by; "đại diện <organisations>" → attended (with the words before an
//! organisation in the list as the role: "các đơn vị thuộc"); a speech verb ("phát biểu")
//! with a person → spoke at; "<organisation> (<organisation>)" → part of. The predicates are
//! those of the built-in vocabulary.

use super::lexicon::{ATTENDANCE_CUES, Lexicon, ORGANISE_VERBS, ORGANISER_GLUE, SPEAK_VERBS};
use super::patterns::{Found, FoundKind};
use super::tokens::Token;

/// Verbs and phrases that end a list of attendees.
static LIST_ENDS: Lexicon = Lexicon::new(&[
    "cho biết",
    "khẳng định",
    "nhấn mạnh",
    "phát biểu",
    "tổ chức",
    "chia sẻ",
    "đề nghị",
    "cho rằng",
    "nêu",
    "trình bày",
    "thông tin",
    "báo cáo",
    "đã",
    "sẽ",
    "nhằm",
    "để",
]);

/// A link between two names of the sentence (indices into its found names; `None` for
/// the event the text spoke of before).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The subject.
    pub subject: Option<usize>,
    /// The predicate of the built-in vocabulary.
    pub predicate: &'static str,
    /// The object.
    pub object: Option<usize>,
    /// The role qualifier.
    pub role: Option<String>,
}

/// The found name whose tokens end right before token `end`.
fn ending_at(found: &[Found], end: usize) -> Option<usize> {
    found.iter().position(|f| f.tokens.end == end)
}

fn inside_found(found: &[Found], i: usize) -> bool {
    found.iter().any(|f| f.tokens.contains(&i))
}

/// The event a sentence speaks of: the first event named in it (a bare "hội thảo"
/// counts: it means the event named before, `None`), if any.
fn sentence_event(found: &[Found]) -> Option<Option<usize>> {
    found
        .iter()
        .position(|f| f.kind == FoundKind::Event)
        .map(|i| (!found[i].generic).then_some(i))
}

/// Organisations before token `verb`, walking back over "phối hợp với", "và", commas and
/// bracketed parents.
fn organisers_before(tokens: &[Token], found: &[Found], verb: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut j = verb;
    while j > 0 {
        let t = &tokens[j - 1];
        if let Some(f) = ending_at(found, j).filter(|&f| found[f].kind == FoundKind::Organisation) {
            if !found[f].bracketed {
                out.push(f);
            }
            j = found[f].tokens.start;
        } else if t.is_punct(')') {
            match (0..j - 1).rev().find(|&k| tokens[k].is_punct('(')) {
                Some(open) => j = open,
                None => break,
            }
        } else if t.is_punct(',') {
            j -= 1;
        } else if let Some(start) =
            (j.saturating_sub(2)..j).find(|&s| ORGANISER_GLUE.at(tokens, s) == Some(j))
        {
            j = start;
        } else {
            break;
        }
    }
    out.reverse();
    out
}

/// Every link of a sentence.
pub fn links(text: &str, tokens: &[Token], found: &[Found]) -> Vec<Link> {
    let mut out = Vec::new();
    let event = sentence_event(found);
    for (i, f) in found.iter().enumerate() {
        // A title naming an organisation before the name.
        if f.kind == FoundKind::Person
            && let Some(org) = f.role_org
        {
            out.push(Link {
                subject: Some(i),
                predicate: "holds_position",
                object: Some(org),
                role: f.role.clone(),
            });
        }
        // "<organisation> (<organisation>)": the first is part of the second.
        if f.kind == FoundKind::Organisation
            && !f.bracketed
            && tokens.get(f.tokens.end).is_some_and(|t| t.is_punct('('))
            && let Some(p) = found.iter().position(|g| {
                g.kind == FoundKind::Organisation && g.tokens.start == f.tokens.end + 1
            })
            && tokens
                .get(found[p].tokens.end)
                .is_some_and(|t| t.is_punct(')'))
        {
            out.push(Link {
                subject: Some(i),
                predicate: "part_of",
                object: Some(p),
                role: None,
            });
        }
    }
    organised(tokens, found, &mut out);
    attended(text, tokens, found, event, &mut out);
    if (0..tokens.len()).any(|k| SPEAK_VERBS.at(tokens, k).is_some() && !inside_found(found, k)) {
        for (i, f) in found.iter().enumerate() {
            if f.kind == FoundKind::Person && !f.bracketed {
                out.push(Link {
                    subject: Some(i),
                    predicate: "spoke_at",
                    object: event.unwrap_or(None),
                    role: None,
                });
            }
        }
    }
    out
}

/// "<organisations> tổ chức <event>" and "<event> do <organisations> tổ chức".
fn organised(tokens: &[Token], found: &[Found], out: &mut Vec<Link>) {
    for v in 0..tokens.len() {
        let Some(after) = ORGANISE_VERBS.at(tokens, v) else {
            continue;
        };
        // "Ban tổ chức" is the organising committee, not the verb.
        if inside_found(found, v) || (v > 0 && tokens[v - 1].folded == "ban") {
            continue;
        }
        let organisers = organisers_before(tokens, found, v);
        if organisers.is_empty() {
            continue;
        }
        // Active: the event follows the verb within a few words.
        let next_event = found.iter().position(|f| {
            f.kind == FoundKind::Event
                && f.tokens.start >= after
                && f.tokens.start <= after + 3
                && tokens[after..f.tokens.start].iter().all(Token::is_word)
        });
        let passive_do = found
            .get(organisers[0])
            .map(|f| f.tokens.start)
            .filter(|&s| s > 0 && tokens[s - 1].folded == "do");
        let event = match (next_event, passive_do) {
            (Some(e), _) => Some(if found[e].generic { None } else { Some(e) }),
            (None, Some(d)) => found
                .iter()
                .rposition(|f| f.kind == FoundKind::Event && f.tokens.end <= d)
                .map(|e| (!found[e].generic).then_some(e)),
            (None, None) => None,
        };
        let Some(event) = event else { continue };
        for o in organisers {
            out.push(Link {
                subject: event,
                predicate: "organised_by",
                object: Some(o),
                role: None,
            });
        }
    }
}

/// "đại diện <organisations>": each attended the sentence's event (or the one before).
fn attended(
    text: &str,
    tokens: &[Token],
    found: &[Found],
    event: Option<Option<usize>>,
    out: &mut Vec<Link>,
) {
    let Some(cue_end) = (0..tokens.len()).find_map(|k| {
        ATTENDANCE_CUES
            .at(tokens, k)
            .filter(|_| !inside_found(found, k))
    }) else {
        return;
    };
    let end = (cue_end..tokens.len())
        .find(|&k| LIST_ENDS.at(tokens, k).is_some() && !inside_found(found, k))
        .unwrap_or(tokens.len());
    let mut from = cue_end;
    for (i, f) in found.iter().enumerate() {
        if f.tokens.start < cue_end || f.tokens.start >= end {
            continue;
        }
        if f.kind != FoundKind::Organisation || f.bracketed {
            from = from.max(f.tokens.end);
            continue;
        }
        // The words since the last separator before it: "các đơn vị thuộc".
        let mut s = f.tokens.start;
        let after_cue =
            |s: usize| (s.saturating_sub(4)..s).any(|k| ATTENDANCE_CUES.at(tokens, k) == Some(s));
        while s > from && tokens[s - 1].is_lower() && !after_cue(s) {
            s -= 1;
        }
        let role = (f.tokens.start >= s + 2)
            .then(|| text[tokens[s].span.start..tokens[f.tokens.start - 1].span.end].to_owned());
        out.push(Link {
            subject: Some(i),
            predicate: "attended",
            object: event.unwrap_or(None),
            role,
        });
        from = f.tokens.end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::patterns::scan;
    use crate::extract::tokens::tokenize;

    /// The links of one sentence as "subject — predicate — object" (the event named
    /// before as "…").
    fn links_of(text: &str) -> Vec<String> {
        let tokens = tokenize(text, 0..text.len());
        let found = scan(text, &tokens, &[]);
        let name = |i: Option<usize>| match i {
            Some(i) => {
                let f = &found[i];
                text[tokens[f.tokens.start].span.start..tokens[f.tokens.end - 1].span.end]
                    .to_owned()
            }
            None => "…".to_owned(),
        };
        links(text, &tokens, &found)
            .into_iter()
            .map(|l| {
                let role = l.role.map(|r| format!(" ({r})")).unwrap_or_default();
                format!(
                    "{} — {}{role} — {}",
                    name(l.subject),
                    l.predicate,
                    name(l.object)
                )
            })
            .collect()
    }

    #[test]
    fn organisers_before_the_verb_and_parents_in_brackets() {
        let l = links_of(
            "Chiều 5-4, Báo A phối hợp với Cục B (Bộ C) đã tổ chức Tọa đàm “D” thành công.",
        );
        assert!(
            l.contains(&"Tọa đàm “D” — organised_by — Báo A".to_owned()),
            "{l:?}"
        );
        assert!(
            l.contains(&"Tọa đàm “D” — organised_by — Cục B".to_owned()),
            "{l:?}"
        );
        assert!(l.contains(&"Cục B — part_of — Bộ C".to_owned()), "{l:?}");
        assert!(
            !l.iter().any(|x| x.contains("organised_by — Bộ C")),
            "{l:?}"
        );
    }

    #[test]
    fn organisers_after_do_in_the_passive() {
        let l = links_of("Hội nghị “E” do Sở Y tế và Hội Chữ thập đỏ tổ chức.");
        assert_eq!(
            l,
            [
                "Hội nghị “E” — organised_by — Sở Y tế",
                "Hội nghị “E” — organised_by — Hội Chữ thập đỏ"
            ]
        );
    }

    #[test]
    fn representatives_attended_with_the_words_before_them_as_role() {
        let l = links_of("Dự hội nghị có đại diện Bộ Tư pháp, các phòng trực thuộc Bộ Y tế.");
        assert_eq!(
            l,
            [
                "Bộ Tư pháp — attended — …",
                "Bộ Y tế — attended (các phòng trực thuộc) — …"
            ]
        );
    }

    #[test]
    fn a_speaker_spoke_at_the_event_named_before() {
        let l = links_of("Phát biểu tại tọa đàm, Thứ trưởng Bộ Y tế Lê Văn An cho biết.");
        assert!(l.contains(&"Lê Văn An — spoke_at — …".to_owned()), "{l:?}");
        assert!(
            l.contains(&"Lê Văn An — holds_position (Thứ trưởng) — Bộ Y tế".to_owned()),
            "{l:?}"
        );
    }
}
