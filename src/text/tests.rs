//! Tests of the text functions.

use super::*;

#[test]
fn folds_names_as_vietnamese_type_them() {
    assert_eq!(fold("Tô Đức"), "to duc");
    assert_eq!(fold("giảm nghèo đa chiều"), "giam ngheo da chieu");
    assert_eq!(fold("LĐTBXH"), "ldtbxh");
    assert_eq!(fold("Ủy ban nhân dân"), "uy ban nhan dan");
    assert_eq!(fold("Ðà Nẵng"), "da nang");
    assert_eq!(fold("Ɖồng"), "dong");
}

#[test]
fn old_and_new_tone_placement_fold_alike() {
    assert_eq!(fold("hoà"), fold("hòa"));
    assert_eq!(fold("xoá"), fold("xóa"));
    assert_eq!(fold("thuỷ"), fold("thủy"));
}

#[test]
fn nfc_and_nfd_input_fold_alike() {
    let nfc_text = "Bảo trợ xã hội";
    let nfd_text: String = nfc_text.nfd().collect();
    assert_ne!(nfc_text, nfd_text);
    assert_eq!(fold(nfc_text), fold(&nfd_text));
    assert_eq!(nfc(&nfd_text), nfc_text);
}

#[test]
fn every_vowel_with_every_tone_folds_to_its_base_letter() {
    // Base vowels with their modified forms, each in the five marked tones.
    let table: &[(&str, char)] = &[
        ("áàảãạ", 'a'),
        ("ắằẳẵặ", 'a'),
        ("ấầẩẫậ", 'a'),
        ("éèẻẽẹ", 'e'),
        ("ếềểễệ", 'e'),
        ("íìỉĩị", 'i'),
        ("óòỏõọ", 'o'),
        ("ốồổỗộ", 'o'),
        ("ớờởỡợ", 'o'),
        ("úùủũụ", 'u'),
        ("ứừửữự", 'u'),
        ("ýỳỷỹỵ", 'y'),
        ("ăâ", 'a'),
        ("ê", 'e'),
        ("ôơ", 'o'),
        ("ư", 'u'),
    ];
    for (letters, base) in table {
        for c in letters.chars() {
            let lower = c.to_string();
            let upper: String = c.to_uppercase().collect();
            assert_eq!(fold(&lower), base.to_string(), "{c}");
            assert_eq!(fold(&upper), base.to_string(), "{upper}");
        }
    }
    assert_eq!(fold("đĐ"), "dd");
}

#[test]
fn words_split_on_punctuation_and_join_on_ampersand() {
    assert_eq!(
        fold_words("Bộ Lao động - Thương binh và Xã hội"),
        vec!["bo", "lao", "dong", "thuong", "binh", "va", "xa", "hoi"]
    );
    assert_eq!(fold_words("LĐTB&XH"), vec!["ldtbxh"]);
    assert_eq!(fold_words("Bộ GD&ĐT"), vec!["bo", "gddt"]);
    assert_eq!(folded_key("  Tô   Đức "), "to duc");
}

#[test]
fn acronyms_follow_vietnamese_usage() {
    let a = acronyms("Bộ Lao động - Thương binh và Xã hội");
    assert!(a.contains(&"ldtbxh".to_string()), "{a:?}");
    assert!(a.contains(&"bldtbxh".to_string()), "{a:?}");
    assert_eq!(acronyms("Ngân hàng Chính sách xã hội"), vec!["nhcsxh"]);
    assert_eq!(acronyms("Ủy ban nhân dân"), vec!["ubnd"]);
    assert!(acronyms("Tô Đức").is_empty());
}

#[test]
fn folding_table() {
    // (input, folded): every rule of `fold` once.
    let table: &[(&str, &str)] = &[
        ("Tô Đức", "to duc"),
        ("đ", "d"),
        ("Đ", "d"),
        ("Ð", "d"), // U+00D0, Icelandic eth capital, looks like Đ
        ("ð", "d"), // U+00F0
        ("Ɖ", "d"), // U+0189, African D
        ("ɖ", "d"), // U+0256
        ("ĐẶNG", "dang"),
        ("Nguyễn", "nguyen"),
        ("NGUYỄN", "nguyen"),
        ("Người", "nguoi"),
        ("hoà", "hoa"), // old tone placement
        ("hòa", "hoa"), // new tone placement
        ("xoá", "xoa"),
        ("xóa", "xoa"),
        ("Thuỷ", "thuy"),
        ("Thủy", "thuy"),
        ("e\u{0301}", "e"),       // NFD input
        ("İstanbul", "istanbul"), // lower-casing adds a mark; dropped too
        ("ǅ", "ǆ"),               // no canonical decomposition: lower case only
    ];
    for (input, folded) in table {
        assert_eq!(fold(input), *folded, "{input:?}");
        assert_eq!(fold(&fold(input)), *folded, "not idempotent on {input:?}");
    }
}

#[test]
fn tone_placement_does_not_matter_for_diacritic_comparison() {
    assert_eq!(marked_words("hoà"), marked_words("hòa"));
    assert_eq!(marked_words("xoá"), marked_words("xóa"));
    assert_eq!(marked_words("Thuỷ"), marked_words("thủy"));
    assert_ne!(marked_words("hòa"), marked_words("hoa"));
    assert_ne!(marked_words("hòa"), marked_words("hóa"));
    let m = marked_words("Bảo");
    assert_eq!(m[0].letters, "bao");
    assert_eq!(m[0].tone, Tone::Hook);
    let typed = &marked_words("Bả")[0];
    assert!(typed.is_prefix_of(&m[0], true));
    assert!(!typed.is_prefix_of(&m[0], false));
    assert!(!marked_words("Bá")[0].is_prefix_of(&m[0], true));
    // Shapes count: "bo" is not "bộ".
    assert!(!marked_words("bo")[0].is_prefix_of(&marked_words("bộ")[0], true));
}

#[test]
fn word_spans_map_folded_words_to_the_original_text() {
    let name = "Bộ LĐTB&XH - Cục";
    let spans = word_spans(name);
    let words: Vec<&str> = spans.iter().map(|s| &name[s.range.clone()]).collect();
    assert_eq!(words, ["Bộ", "LĐTB&XH", "Cục"]);
    assert_eq!(spans[1].folded, "ldtbxh");
    assert_eq!(&name[prefix_range(name, &spans[0].range, 1)], "B");
    assert_eq!(&name[prefix_range(name, &spans[1].range, 2)], "LĐ");
}

#[test]
fn acronym_parts_point_at_the_words_they_come_from() {
    let name = "Bộ Lao động - Thương binh và Xã hội";
    let parts = acronym_parts(name);
    let (a, idx) = parts.iter().find(|(a, _)| a == "ldtbxh").expect("ldtbxh");
    assert_eq!(a, "ldtbxh");
    assert_eq!(idx, &[1, 2, 3, 4, 6, 7]);
}

#[test]
fn telex_typed_without_an_input_method_is_decoded() {
    let cases: &[(&str, &str)] = &[
        ("chuyeenr ddooir soos", "chuyển đổi số"),
        ("giamr ngheof", "giảm nghèo"),
        ("nguyeenx vawn an", "nguyễn văn an"),
        ("nguowif ngheof", "người nghèo"),
        ("nguoiwf", "người"),
        ("tooi", "tôi"),
        ("quow", "quơ"),
        ("Ddaf Nawngx", "đà nẵng"),
        ("hoaf", "hòa"),
        ("thuyr", "thủy"),
        ("khuyeens nghij", "khuyến nghị"),
        ("bao trowj xax hooij", "bao trợ xã hội"),
    ];
    for (typed, meant) in cases {
        assert_eq!(decode_telex(typed).as_deref(), Some(*meant), "{typed:?}");
    }
    // Plain Vietnamese without marks is left alone: no syllable ends in s f r x j.
    for plain in [
        "chuyen doi so",
        "cuc bao tro xa hoi",
        "to duc",
        "nguyen van an",
    ] {
        assert_eq!(decode_telex(plain), None, "{plain:?}");
    }
}

#[test]
fn vni_typed_without_an_input_method_is_decoded() {
    let cases: &[(&str, &str)] = &[
        ("chuye6n3 d9o6i3 so61", "chuyển đổi số"),
        ("giam3 ngheo2", "giảm nghèo"),
        ("ngu7o7i2", "người"),
        ("nguoi72", "người"),
        ("d9a2 na8ng4", "đà nẵng"),
    ];
    for (typed, meant) in cases {
        assert_eq!(decode_vni(typed).as_deref(), Some(*meant), "{typed:?}");
    }
    // Numbers stay numbers.
    assert_eq!(decode_vni("hoi thao lan 5 nam 2015"), None);
}

#[test]
fn telex_and_vni_encodings_decode_back() {
    for s in [
        "Chuyển đổi số",
        "Bộ Lao động - Thương binh và Xã hội",
        "Nguyễn Thị Hương",
        "Ủy ban nhân dân",
        "người nghèo đa chiều",
        "Đắk Lắk",
    ] {
        let telex = to_telex(s);
        let vni = to_vni(s);
        assert_eq!(
            marked_words(&decode_telex(&telex).unwrap_or(telex.clone())),
            marked_words(s),
            "{s:?} as {telex:?}"
        );
        assert_eq!(
            marked_words(&decode_vni(&vni).unwrap_or(vni.clone())),
            marked_words(s),
            "{s:?} as {vni:?}"
        );
    }
    assert_eq!(to_telex("chuyển đổi số"), "chuyeenr ddooir soos");
    assert_eq!(to_vni("chuyển đổi số"), "chuye6n3 d9o6i3 so61");
}

#[test]
fn typo_distance_is_optimal_string_alignment() {
    let cases: &[(&str, &str, usize)] = &[
        ("ngheo", "nghoe", 1), // transposition
        ("tro", "tor", 1),     // transposition
        ("bao", "bo", 1),      // deletion
        ("bao", "bnao", 1),    // insertion
        ("bao", "bac", 1),     // substitution
        ("ngheo", "ngheo", 0),
        ("ca", "abc", 3), // OSA, not Damerau: no substring edited twice
        ("giam", "ngheo", 4),
    ];
    for (a, b, d) in cases {
        assert_eq!(osa_distance(a, b), *d, "{a} {b}");
        assert_eq!(osa_distance(b, a), *d, "{b} {a}");
    }
    assert_eq!(deletions("bao"), ["ao", "bo", "ba"]);
    assert_eq!(deletions("too"), ["oo", "to"]);
    assert!(typo_candidate("tro"));
    assert!(!typo_candidate("xa"));
    assert!(!typo_candidate("2015"));
}

#[test]
fn detects_queries_typed_with_diacritics() {
    assert!(has_diacritics("Tô"));
    assert!(has_diacritics("đ"));
    assert!(!has_diacritics("To Duc"));
}
