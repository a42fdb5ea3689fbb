//! Legacy Vietnamese encodings read into Unicode: TCVN3 (ABC), VNI-Windows and
//! Windows-1258, from their bytes or from the mojibake they leave when opened as
//! Windows-1252 ("Bé Lao ®éng", "Boä Lao ñoäng" for "Bộ Lao động"), and a guess of which
//! one a file or a text is.
//!
//! The tables were checked against independent references:
//! - TCVN3: glibc iconv's `TCVN5712-1` (of which TCVN3, the VN3 font encoding, is the
//!   single-byte part without capitals that carry tones), `tcvn.h` of lamdao/xvnkb and
//!   `TCVN3_TABLE` in `Modules/mdlCodeTable.bas` of khiemdoan/VBKey.
//! - VNI-Windows: `vni.h` of lamdao/xvnkb and `VNI_WINDOWS_TABLE` in
//!   `Modules/mdlCodeTable.bas` of khiemdoan/VBKey.
//! - Windows-1258 and Windows-1252: the Unicode consortium's
//!   `MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1258.TXT` as copied in
//!   `functions/decode/cp1258.php` of jimjag/squirrelmail, Python's `cp1258` and `cp1252`
//!   codecs, and `VNCP_1258_TABLE` of khiemdoan/VBKey for the combining tone marks.
//!
//! The letter tables in the tests were taken from VBKey's tables, separately from the
//! tables here.
//!
//! Bytes a table does not define are read as Windows-1252 (Word's curly quotes and
//! dashes in a .VnTime document stay quotes and dashes); the five bytes Windows-1252 leaves
//! undefined, and those Windows-1258 leaves undefined, become the C1 control character of
//! the same number, so every byte stands for one character and back.

use unicode_normalization::UnicodeNormalization;

/// A legacy Vietnamese encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Legacy {
    /// TCVN 5712:1993 VN3, the "ABC" fonts (.VnTime, .VnArial): one byte per letter.
    Tcvn3,
    /// VNI-Windows fonts (VNI-Times): a letter followed by a mark byte.
    Vni,
    /// Microsoft's Vietnamese code page: letters followed by combining tone marks.
    Windows1258,
}

impl Legacy {
    /// Every encoding, in the order [`guess`] tries them.
    pub const ALL: [Legacy; 3] = [Legacy::Tcvn3, Legacy::Vni, Legacy::Windows1258];

    /// The name users know the encoding by.
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3 (ABC)",
            Legacy::Vni => "VNI-Windows",
            Legacy::Windows1258 => "Windows-1258",
        }
    }
}

/// Windows-1252 for the bytes 0x80 to 0x9F; `'\0'` where the code page defines nothing.
#[rustfmt::skip]
const CP1252_C1: [char; 32] = [
    '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0',
    '\0', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
];

/// TCVN3 for the bytes 0xA1 to 0xFE; `'\0'` where it defines no letter. Capitals with a
/// tone have no codes of their own: the "H" fonts (.VnTimeH) draw the small letters' codes
/// as capitals.
#[rustfmt::skip]
const TCVN3: [char; 94] = [
         'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', '\0', // A1
    '\0', '\0', '\0', '\0', '\0', 'à', 'ả', 'ã', 'á', 'ạ', '\0', 'ằ', 'ẳ', 'ẵ', 'ắ', '\0', // B0
    '\0', '\0', '\0', '\0', '\0', '\0', 'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', 'è', '\0', 'ẻ', 'ẽ', // C0
    'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', 'ỉ', '\0', '\0', '\0', 'ĩ', 'í', 'ị', 'ò', // D0
    '\0', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù', // E0
    '\0', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ', 'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', // F0
];

/// VNI-Windows letters of one byte, as (small letter's byte, letter); a capital's byte is
/// 0x20 lower.
const VNI_LETTERS: [(u8, char); 9] = [
    (0xF1, 'đ'),
    (0xF4, 'ơ'),
    (0xF6, 'ư'),
    (0xEC, 'ì'),
    (0xED, 'í'),
    (0xE6, 'ỉ'),
    (0xF3, 'ĩ'),
    (0xF2, 'ị'),
    (0xEE, 'ỵ'),
];

const CIRCUMFLEX: char = '\u{0302}';
const BREVE: char = '\u{0306}';
const ACUTE: char = '\u{0301}';
const GRAVE: char = '\u{0300}';
const HOOK: char = '\u{0309}';
const TILDE: char = '\u{0303}';
const DOT: char = '\u{0323}';

/// VNI-Windows marks typed after a vowel, as (byte after a small letter, shape, tone); after
/// a capital the byte is 0x20 lower. A circumflex goes on a, e, o; a breve on a; a tone on
/// any vowel.
#[rustfmt::skip]
const VNI_MARKS: [(u8, Option<char>, Option<char>); 17] = [
    (0xF9, None, Some(ACUTE)), (0xF8, None, Some(GRAVE)), (0xFB, None, Some(HOOK)),
    (0xF5, None, Some(TILDE)), (0xEF, None, Some(DOT)),
    (0xE2, Some(CIRCUMFLEX), None), (0xE1, Some(CIRCUMFLEX), Some(ACUTE)),
    (0xE0, Some(CIRCUMFLEX), Some(GRAVE)), (0xE5, Some(CIRCUMFLEX), Some(HOOK)),
    (0xE3, Some(CIRCUMFLEX), Some(TILDE)), (0xE4, Some(CIRCUMFLEX), Some(DOT)),
    (0xEA, Some(BREVE), None), (0xE9, Some(BREVE), Some(ACUTE)), (0xE8, Some(BREVE), Some(GRAVE)),
    (0xFA, Some(BREVE), Some(HOOK)), (0xFC, Some(BREVE), Some(TILDE)), (0xEB, Some(BREVE), Some(DOT)),
];

/// The most of a file [`guess`] reads.
const GUESS_SAMPLE: usize = 1 << 20;

/// One piece of legacy input: a byte, or a character of mojibake text that stands for no
/// byte (it is kept as it is).
#[derive(Clone, Copy)]
enum Unit {
    Byte(u8),
    Char(char),
}

/// `b` read as Windows-1252.
fn cp1252(b: u8) -> char {
    match b {
        0x80..=0x9F => match CP1252_C1[usize::from(b - 0x80)] {
            '\0' => char::from(b),
            c => c,
        },
        _ => char::from(b),
    }
}

/// The byte that reads as `c` in Windows-1252 or Latin-1, if any.
fn cp1252_byte(c: char) -> Option<u8> {
    u8::try_from(c).ok().or_else(|| {
        CP1252_C1
            .iter()
            .position(|&x| x == c)
            .and_then(|i| u8::try_from(0x80 + i).ok())
    })
}

/// `b` read as Windows-1258: Windows-1252 but for the Vietnamese letters, tone marks and
/// the dong sign, and four bytes undefined.
fn cp1258(b: u8) -> char {
    match b {
        0x8A | 0x8E | 0x9A | 0x9E => char::from(b),
        0xC3 => 'Ă',
        0xCC => GRAVE,
        0xD0 => 'Đ',
        0xD2 => HOOK,
        0xD5 => 'Ơ',
        0xDD => 'Ư',
        0xDE => TILDE,
        0xE3 => 'ă',
        0xEC => ACUTE,
        0xF0 => 'đ',
        0xF2 => DOT,
        0xF5 => 'ơ',
        0xFD => 'ư',
        0xFE => '₫',
        _ => cp1252(b),
    }
}

fn tcvn3(b: u8) -> char {
    match b {
        0xA1..=0xFE => match TCVN3[usize::from(b - 0xA1)] {
            '\0' => cp1252(b),
            c => c,
        },
        _ => cp1252(b),
    }
}

/// Splits a VNI byte into its small form and whether it was a capital's.
fn vni_fold(b: u8) -> (u8, bool) {
    match b {
        b'A'..=b'Z' | 0xC0..=0xDE => (b + 0x20, true),
        _ => (b, false),
    }
}

/// The vowel a VNI byte stands for when marks may follow it, as a small letter.
fn vni_vowel(b: u8) -> Option<(char, bool)> {
    let (small, upper) = vni_fold(b);
    let c = match small {
        b'a' | b'e' | b'i' | b'o' | b'u' | b'y' => char::from(small),
        0xF4 => 'ơ',
        0xF6 => 'ư',
        _ => return None,
    };
    Some((c, upper))
}

fn vni_mark(b: u8) -> Option<(Option<char>, Option<char>)> {
    let (small, _) = vni_fold(b);
    VNI_MARKS
        .iter()
        .find(|m| m.0 == small)
        .map(|&(_, shape, tone)| (shape, tone))
}

fn vni_letter(b: u8) -> char {
    let (small, upper) = vni_fold(b);
    match VNI_LETTERS.iter().find(|l| l.0 == small) {
        Some(&(_, c)) if upper => c.to_uppercase().next().unwrap_or(c),
        Some(&(_, c)) => c,
        None => cp1252(b),
    }
}

fn push_cased(out: &mut String, c: char, upper: bool) {
    if upper {
        out.extend(c.to_uppercase());
    } else {
        out.push(c);
    }
}

/// VNI units to text (not yet composed): each vowel takes the marks after it that fit it,
/// at most one shape then at most one tone, whatever their case; a mark that fits nothing
/// is read as Windows-1252.
fn vni(units: &[Unit], out: &mut String) {
    let mut i = 0;
    while i < units.len() {
        let b = match units[i] {
            Unit::Char(c) => {
                out.push(c);
                i += 1;
                continue;
            }
            Unit::Byte(b) => b,
        };
        i += 1;
        let Some((vowel, upper)) = vni_vowel(b) else {
            out.push(vni_letter(b));
            continue;
        };
        push_cased(out, vowel, upper);
        let (mut shaped, mut toned) = (false, false);
        while let Some(&Unit::Byte(next)) = units.get(i) {
            let Some((shape, tone)) = vni_mark(next) else {
                break;
            };
            let shape_fits = match shape {
                None => true,
                Some(CIRCUMFLEX) => !shaped && "aeo".contains(vowel),
                Some(_) => !shaped && vowel == 'a',
            };
            if !shape_fits || toned {
                break;
            }
            out.extend(shape.into_iter().chain(tone));
            shaped |= shape.is_some();
            toned |= tone.is_some();
            i += 1;
        }
    }
}

fn convert(units: &[Unit], legacy: Legacy) -> String {
    let mut out = String::with_capacity(units.len() + units.len() / 2);
    match legacy {
        Legacy::Vni => vni(units, &mut out),
        Legacy::Tcvn3 | Legacy::Windows1258 => {
            let read = if legacy == Legacy::Tcvn3 {
                tcvn3
            } else {
                cp1258
            };
            out.extend(units.iter().map(|u| match *u {
                Unit::Byte(b) => read(b),
                Unit::Char(c) => c,
            }));
        }
    }
    out.nfc().collect()
}

/// `bytes` decoded from `legacy` into Unicode text, NFC-composed.
///
/// Bytes that are valid UTF-8 with characters beyond ASCII are taken as text already
/// decoded, the mojibake of `legacy`, and go through [`fix_text`]; real legacy files are
/// never valid UTF-8 in practice (their letters are bytes over 0x7F that do not line up as
/// UTF-8 sequences).
pub fn decode(bytes: &[u8], legacy: Legacy) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) if !text.is_ascii() => fix_text(text, legacy),
        _ => {
            let units: Vec<Unit> = bytes.iter().map(|&b| Unit::Byte(b)).collect();
            convert(&units, legacy)
        }
    }
}

/// Mojibake in already-decoded text (each character a Latin-1 or Windows-1252 code point
/// standing for one legacy byte, as when a TCVN3 or VNI document is opened as if it were
/// Windows-1252) converted back: `fix_text("Bé Lao ®éng", Legacy::Tcvn3) == "Bộ Lao động"`.
/// Characters that stand for no such byte are kept.
pub fn fix_text(text: &str, legacy: Legacy) -> String {
    let units: Vec<Unit> = text
        .chars()
        .map(|c| cp1252_byte(c).map_or(Unit::Char(c), Unit::Byte))
        .collect();
    convert(&units, legacy)
}

/// Which legacy encoding `bytes` (a file's content, not valid UTF-8, or UTF-8 text that is
/// mojibake of one) most likely is, if any: the one whose decoding yields the most valid
/// Vietnamese syllables, when that is clearly more than the plain reading (UTF-8 when the
/// bytes are valid UTF-8, else Windows-1252). Reads at most the first MiB.
pub fn guess(bytes: &[u8]) -> Option<Legacy> {
    let sample = &bytes[..bytes.len().min(GUESS_SAMPLE)];
    let text = match std::str::from_utf8(sample) {
        Ok(text) => Some(text),
        // A sample cut inside a character.
        Err(e) if e.error_len().is_none() && sample.len() < bytes.len() => {
            std::str::from_utf8(&sample[..e.valid_up_to()]).ok()
        }
        Err(_) => None,
    };
    if let Some(text) = text {
        return guess_text(text);
    }
    let plain: String = sample.iter().map(|&b| cp1252(b)).collect();
    let units: Vec<Unit> = sample.iter().map(|&b| Unit::Byte(b)).collect();
    pick(score(&plain), |legacy| score(&convert(&units, legacy)))
}

/// Which legacy encoding a text looks like the mojibake of, if any: as [`guess`], the text
/// itself being the plain reading.
pub fn guess_text(text: &str) -> Option<Legacy> {
    if text.is_ascii() {
        return None;
    }
    pick(score(text), |legacy| score(&fix_text(text, legacy)))
}

/// Counts of the words with a character beyond ASCII (the only ones a legacy reading
/// changes) that are and are not Vietnamese syllables.
#[derive(Clone, Copy, Debug, Default)]
struct Score {
    valid: usize,
    invalid: usize,
}

impl Score {
    fn net(self) -> i64 {
        i64::try_from(self.valid).unwrap_or(i64::MAX) - i64::try_from(self.invalid).unwrap_or(0)
    }
}

fn score(text: &str) -> Score {
    let mut s = Score::default();
    let split = |c: char| {
        c.is_whitespace()
            || c.is_ascii_punctuation()
            || c.is_ascii_digit()
            || ('\u{2000}'..='\u{206F}').contains(&c)
    };
    for word in text.split(split).filter(|w| !w.is_ascii()) {
        if is_syllable(word) {
            s.valid += 1;
        } else {
            s.invalid += 1;
        }
    }
    s
}

/// The encoding whose reading scores best, if it is the only best, has valid syllables,
/// more of them than the plain reading, and a net score above the plain one's by at least a
/// tenth of its words.
fn pick(plain: Score, mut of: impl FnMut(Legacy) -> Score) -> Option<Legacy> {
    let scored = Legacy::ALL.map(|legacy| (legacy, of(legacy)));
    let (legacy, best) = *scored.iter().max_by_key(|(_, s)| s.net())?;
    let ties = scored.iter().filter(|(_, s)| s.net() == best.net()).count();
    let margin = i64::try_from((best.valid + best.invalid) / 10).unwrap_or(i64::MAX);
    let clear = best.valid > plain.valid && best.net() - plain.net() >= margin.max(1);
    (ties == 1 && clear).then_some(legacy)
}

const VOWELS: &str = "aăâeêioôơuưy";

#[rustfmt::skip]
const ONSETS: [&str; 27] = [
    "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh",
    "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
];

const CODAS: [&str; 8] = ["c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// Vowel groups of Vietnamese syllables, each with whether a final consonant may follow
/// (`o`), must follow (`c`) or may not (`v`).
const NUCLEI: &str = "a:o ă:c â:c e:o ê:o i:o o:o ô:o ơ:o u:o ư:o y:v ai:v ao:v au:v ay:v \
    âu:v ây:v eo:v êu:v ia:v iê:c iu:v oa:o oă:c oe:o oi:v ôi:v ơi:v oo:c ua:v uâ:c uê:o ui:v \
    uô:c uơ:v uy:o ưa:v ưi:v ưu:v ươ:c yê:c iêu:v yêu:v oai:v oay:v oao:v oeo:v uây:v uôi:v \
    uya:v uyê:c uyu:v ươi:v ươu:v";

/// True when `word` spells a Vietnamese syllable: an initial consonant, a vowel group and
/// a final consonant that go together, at most one tone, and only sắc or nặng before a final
/// c, ch, p or t. Case is ignored.
fn is_syllable(word: &str) -> bool {
    let mut tone = None;
    let mut bare = String::new();
    for c in word.chars().flat_map(char::to_lowercase).nfd() {
        match c {
            ACUTE | GRAVE | HOOK | TILDE | DOT => {
                if tone.replace(c).is_some() {
                    return false;
                }
            }
            'a'..='z' | 'đ' | CIRCUMFLEX | BREVE | '\u{031B}' => bare.push(c),
            _ => return false,
        }
    }
    let letters: Vec<char> = bare.nfc().collect();
    let is_vowel = |c: &char| VOWELS.contains(*c);
    let Some(mut start) = letters.iter().position(is_vowel) else {
        return false;
    };
    let vowel_at = |i: usize| letters.get(i).is_some_and(is_vowel);
    let mut onset: String = letters[..start].iter().collect();
    if onset == "q" {
        if letters[start] != 'u' || !vowel_at(start + 1) {
            return false;
        }
        start += 1;
        onset.push('u');
    } else if onset == "g" && letters[start] == 'i' && vowel_at(start + 1) {
        start += 1;
        onset.push('i');
    }
    let end = start + letters[start..].iter().take_while(|c| is_vowel(c)).count();
    let nucleus: String = letters[start..end].iter().collect();
    let coda: String = letters[end..].iter().collect();
    if !(onset.is_empty() || ONSETS.contains(&onset.as_str()))
        || !(coda.is_empty() || CODAS.contains(&coda.as_str()))
    {
        return false;
    }
    let kind = NUCLEI.split_whitespace().find_map(|entry| {
        entry
            .strip_prefix(nucleus.as_str())
            .and_then(|rest| rest.strip_prefix(':'))
    });
    match (kind, coda.is_empty()) {
        (None, _) | (Some("c"), true) | (Some("v"), false) => return false,
        _ => {}
    }
    let first = letters[start];
    let front = "ieêy".contains(first);
    let spelled = match onset.as_str() {
        "k" | "gh" | "ngh" => front,
        "c" | "ng" => !front,
        "g" => !"eê".contains(first),
        _ => true,
    };
    let stop = matches!(coda.as_str(), "c" | "ch" | "p" | "t");
    spelled && (!stop || matches!(tone, Some(ACUTE | DOT)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    // Letters with their legacy bytes (entries split by spaces), in the order no tone, sắc,
    // huyền, hỏi, ngã, nặng, from khiemdoan/VBKey Modules/mdlCodeTable.bas (TCVN3_TABLE,
    // VNI_WINDOWS_TABLE, VNCP_1258_TABLE); letters without marks are ASCII.
    const TCVN3_REF: &[(&str, &[u8])] = &[
        ("aáàảãạ", b"a \xb8 \xb5 \xb6 \xb7 \xb9"),
        ("ăắằẳẵặ", b"\xa8 \xbe \xbb \xbc \xbd \xc6"),
        ("âấầẩẫậ", b"\xa9 \xca \xc7 \xc8 \xc9 \xcb"),
        ("eéèẻẽẹ", b"e \xd0 \xcc \xce \xcf \xd1"),
        ("êếềểễệ", b"\xaa \xd5 \xd2 \xd3 \xd4 \xd6"),
        ("iíìỉĩị", b"i \xdd \xd7 \xd8 \xdc \xde"),
        ("oóòỏõọ", b"o \xe3 \xdf \xe1 \xe2 \xe4"),
        ("ôốồổỗộ", b"\xab \xe8 \xe5 \xe6 \xe7 \xe9"),
        ("ơớờởỡợ", b"\xac \xed \xea \xeb \xec \xee"),
        ("uúùủũụ", b"u \xf3 \xef \xf1 \xf2 \xf4"),
        ("ưứừửữự", b"\xad \xf8 \xf5 \xf6 \xf7 \xf9"),
        ("yýỳỷỹỵ", b"y \xfd \xfa \xfb \xfc \xfe"),
        ("đ", b"\xae"),
        // Capitals: the table has only those without a tone.
        (
            "AĂÂEÊIOÔƠUƯYĐ",
            b"A \xa1 \xa2 E \xa3 I O \xa4 \xa5 U \xa6 Y \xa7",
        ),
    ];

    const VNI_REF: &[(&str, &[u8])] = &[
        ("aáàảãạ", b"a a\xf9 a\xf8 a\xfb a\xf5 a\xef"),
        ("ăắằẳẵặ", b"a\xea a\xe9 a\xe8 a\xfa a\xfc a\xeb"),
        ("âấầẩẫậ", b"a\xe2 a\xe1 a\xe0 a\xe5 a\xe3 a\xe4"),
        ("eéèẻẽẹ", b"e e\xf9 e\xf8 e\xfb e\xf5 e\xef"),
        ("êếềểễệ", b"e\xe2 e\xe1 e\xe0 e\xe5 e\xe3 e\xe4"),
        ("iíìỉĩị", b"i \xed \xec \xe6 \xf3 \xf2"),
        ("oóòỏõọ", b"o o\xf9 o\xf8 o\xfb o\xf5 o\xef"),
        ("ôốồổỗộ", b"o\xe2 o\xe1 o\xe0 o\xe5 o\xe3 o\xe4"),
        (
            "ơớờởỡợ",
            b"\xf4 \xf4\xf9 \xf4\xf8 \xf4\xfb \xf4\xf5 \xf4\xef",
        ),
        ("uúùủũụ", b"u u\xf9 u\xf8 u\xfb u\xf5 u\xef"),
        (
            "ưứừửữự",
            b"\xf6 \xf6\xf9 \xf6\xf8 \xf6\xfb \xf6\xf5 \xf6\xef",
        ),
        ("yýỳỷỹỵ", b"y y\xf9 y\xf8 y\xfb y\xf5 \xee"),
        ("đ", b"\xf1"),
        ("AÁÀẢÃẠ", b"A A\xd9 A\xd8 A\xdb A\xd5 A\xcf"),
        ("ĂẮẰẲẴẶ", b"A\xca A\xc9 A\xc8 A\xda A\xdc A\xcb"),
        ("ÂẤẦẨẪẬ", b"A\xc2 A\xc1 A\xc0 A\xc5 A\xc3 A\xc4"),
        ("EÉÈẺẼẸ", b"E E\xd9 E\xd8 E\xdb E\xd5 E\xcf"),
        ("ÊẾỀỂỄỆ", b"E\xc2 E\xc1 E\xc0 E\xc5 E\xc3 E\xc4"),
        ("IÍÌỈĨỊ", b"I \xcd \xcc \xc6 \xd3 \xd2"),
        ("OÓÒỎÕỌ", b"O O\xd9 O\xd8 O\xdb O\xd5 O\xcf"),
        ("ÔỐỒỔỖỘ", b"O\xc2 O\xc1 O\xc0 O\xc5 O\xc3 O\xc4"),
        (
            "ƠỚỜỞỠỢ",
            b"\xd4 \xd4\xd9 \xd4\xd8 \xd4\xdb \xd4\xd5 \xd4\xcf",
        ),
        ("UÚÙỦŨỤ", b"U U\xd9 U\xd8 U\xdb U\xd5 U\xcf"),
        (
            "ƯỨỪỬỮỰ",
            b"\xd6 \xd6\xd9 \xd6\xd8 \xd6\xdb \xd6\xd5 \xd6\xcf",
        ),
        ("YÝỲỶỸỴ", b"Y Y\xd9 Y\xd8 Y\xdb Y\xd5 \xce"),
        ("Đ", b"\xd1"),
    ];

    const CP1258_REF: &[(&str, &[u8])] = &[
        ("aáàảãạ", b"a a\xec a\xcc a\xd2 a\xde a\xf2"),
        (
            "ăắằẳẵặ",
            b"\xe3 \xe3\xec \xe3\xcc \xe3\xd2 \xe3\xde \xe3\xf2",
        ),
        (
            "âấầẩẫậ",
            b"\xe2 \xe2\xec \xe2\xcc \xe2\xd2 \xe2\xde \xe2\xf2",
        ),
        ("eéèẻẽẹ", b"e e\xec e\xcc e\xd2 e\xde e\xf2"),
        (
            "êếềểễệ",
            b"\xea \xea\xec \xea\xcc \xea\xd2 \xea\xde \xea\xf2",
        ),
        ("iíìỉĩị", b"i i\xec i\xcc i\xd2 i\xde i\xf2"),
        ("oóòỏõọ", b"o o\xec o\xcc o\xd2 o\xde o\xf2"),
        (
            "ôốồổỗộ",
            b"\xf4 \xf4\xec \xf4\xcc \xf4\xd2 \xf4\xde \xf4\xf2",
        ),
        (
            "ơớờởỡợ",
            b"\xf5 \xf5\xec \xf5\xcc \xf5\xd2 \xf5\xde \xf5\xf2",
        ),
        ("uúùủũụ", b"u u\xec u\xcc u\xd2 u\xde u\xf2"),
        (
            "ưứừửữự",
            b"\xfd \xfd\xec \xfd\xcc \xfd\xd2 \xfd\xde \xfd\xf2",
        ),
        ("yýỳỷỹỵ", b"y y\xec y\xcc y\xd2 y\xde y\xf2"),
        ("đ", b"\xf0"),
        ("AÁÀẢÃẠ", b"A A\xec A\xcc A\xd2 A\xde A\xf2"),
        (
            "ĂẮẰẲẴẶ",
            b"\xc3 \xc3\xec \xc3\xcc \xc3\xd2 \xc3\xde \xc3\xf2",
        ),
        (
            "ÂẤẦẨẪẬ",
            b"\xc2 \xc2\xec \xc2\xcc \xc2\xd2 \xc2\xde \xc2\xf2",
        ),
        ("EÉÈẺẼẸ", b"E E\xec E\xcc E\xd2 E\xde E\xf2"),
        (
            "ÊẾỀỂỄỆ",
            b"\xca \xca\xec \xca\xcc \xca\xd2 \xca\xde \xca\xf2",
        ),
        ("IÍÌỈĨỊ", b"I I\xec I\xcc I\xd2 I\xde I\xf2"),
        ("OÓÒỎÕỌ", b"O O\xec O\xcc O\xd2 O\xde O\xf2"),
        (
            "ÔỐỒỔỖỘ",
            b"\xd4 \xd4\xec \xd4\xcc \xd4\xd2 \xd4\xde \xd4\xf2",
        ),
        (
            "ƠỚỜỞỠỢ",
            b"\xd5 \xd5\xec \xd5\xcc \xd5\xd2 \xd5\xde \xd5\xf2",
        ),
        ("UÚÙỦŨỤ", b"U U\xec U\xcc U\xd2 U\xde U\xf2"),
        (
            "ƯỨỪỬỮỰ",
            b"\xdd \xdd\xec \xdd\xcc \xdd\xd2 \xdd\xde \xdd\xf2",
        ),
        ("YÝỲỶỸỴ", b"Y Y\xec Y\xcc Y\xd2 Y\xde Y\xf2"),
        ("Đ", b"\xd0"),
    ];

    // The bytes 0x80 to 0xFF of Windows-1258 (0xFFFD: undefined), from Unicode's CP1258.TXT
    // as copied in jimjag/squirrelmail functions/decode/cp1258.php.
    #[rustfmt::skip]
    const CP1258_PAGE: [u16; 128] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0xFFFD,
        0x2039, 0x0152, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0xFFFD, 0x203A, 0x0153, 0xFFFD, 0xFFFD, 0x0178, 0x00A0,
        0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x00AA, 0x00AB,
        0x00AC, 0x00AD, 0x00AE, 0x00AF, 0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6,
        0x00B7, 0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF, 0x00C0, 0x00C1,
        0x00C2, 0x0102, 0x00C4, 0x00C5, 0x00C6, 0x00C7, 0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x0300,
        0x00CD, 0x00CE, 0x00CF, 0x0110, 0x00D1, 0x0309, 0x00D3, 0x00D4, 0x01A0, 0x00D6, 0x00D7,
        0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x01AF, 0x0303, 0x00DF, 0x00E0, 0x00E1, 0x00E2,
        0x0103, 0x00E4, 0x00E5, 0x00E6, 0x00E7, 0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x0301, 0x00ED,
        0x00EE, 0x00EF, 0x0111, 0x00F1, 0x0323, 0x00F3, 0x00F4, 0x01A1, 0x00F6, 0x00F7, 0x00F8,
        0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x01B0, 0x20AB, 0x00FF,
    ];

    // The bytes 0x80 to 0x9F of Windows-1252 (0xFFFD: undefined), from Python's cp1252 codec.
    #[rustfmt::skip]
    const CP1252_C1_PAGE: [u16; 32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ];

    const SENTENCES: [&str; 2] = [
        "Bộ Lao động - Thương binh và Xã hội",
        "Công tác xã hội với người nghèo",
    ];

    // The sentences above in each encoding, spelled with the same VBKey tables.
    fn encoded(legacy: Legacy) -> [&'static [u8]; 2] {
        match legacy {
            Legacy::Tcvn3 => [
                b"B\xe9 Lao \xae\xe9ng - Th\xad\xacng binh v\xb5 X\xb7 h\xe9i",
                b"C\xabng t\xb8c x\xb7 h\xe9i v\xedi ng\xad\xeai ngh\xcco",
            ],
            Legacy::Vni => [
                b"Bo\xe4 Lao \xf1o\xe4ng - Th\xf6\xf4ng binh va\xf8 Xa\xf5 ho\xe4i",
                b"Co\xe2ng ta\xf9c xa\xf5 ho\xe4i v\xf4\xf9i ng\xf6\xf4\xf8i nghe\xf8o",
            ],
            Legacy::Windows1258 => [
                b"B\xf4\xf2 Lao \xf0\xf4\xf2ng - Th\xfd\xf5ng binh va\xcc Xa\xde h\xf4\xf2i",
                b"C\xf4ng ta\xecc xa\xde h\xf4\xf2i v\xf5\xeci ng\xfd\xf5\xcci nghe\xcco",
            ],
        }
    }

    /// The bytes read as Latin-1, as mojibake shows them.
    fn latin1(bytes: &[u8]) -> String {
        bytes.iter().map(|&b| char::from(b)).collect()
    }

    fn check_letters(legacy: Legacy, table: &[(&str, &[u8])]) {
        let mut n = 0;
        for (letters, bytes) in table {
            let codes: Vec<&[u8]> = bytes.split(|&b| b == b' ').collect();
            let letters: Vec<char> = letters.chars().collect();
            assert_eq!(letters.len(), codes.len(), "{letters:?}");
            for (letter, code) in letters.iter().zip(codes) {
                let want = letter.to_string();
                assert_eq!(decode(code, legacy), want, "{legacy:?} {code:x?}");
                assert_eq!(
                    fix_text(&latin1(code), legacy),
                    want,
                    "{legacy:?} {code:x?}"
                );
                n += 1;
            }
        }
        let expected = if legacy == Legacy::Tcvn3 {
            73 + 13
        } else {
            146
        };
        assert_eq!(n, expected);
    }

    #[test]
    fn tcvn3_letters() {
        check_letters(Legacy::Tcvn3, TCVN3_REF);
    }

    #[test]
    fn vni_letters() {
        check_letters(Legacy::Vni, VNI_REF);
    }

    #[test]
    fn windows1258_letters() {
        check_letters(Legacy::Windows1258, CP1258_REF);
        // Precomposed letters of the code page, and its combining marks after them.
        assert_eq!(
            decode(b"\xe0\xe1\xe9\xf3\xfa \xca\xf2", Legacy::Windows1258),
            "àáéóú Ệ"
        );
    }

    #[test]
    fn windows1258_page() {
        for (i, &want) in CP1258_PAGE.iter().enumerate() {
            let b = u8::try_from(0x80 + i).unwrap();
            let want = match want {
                0xFFFD => char::from(b),
                cp => char::from_u32(u32::from(cp)).unwrap(),
            };
            assert_eq!(cp1258(b), want, "{b:#x}");
            assert_eq!(
                fix_text(&cp1252(b).to_string(), Legacy::Windows1258),
                want.to_string()
            );
        }
    }

    #[test]
    fn undefined_bytes_read_as_windows1252() {
        for (i, &want) in CP1252_C1_PAGE.iter().enumerate() {
            let b = u8::try_from(0x80 + i).unwrap();
            let want = match want {
                0xFFFD => char::from(b),
                cp => char::from_u32(u32::from(cp)).unwrap(),
            };
            assert_eq!(cp1252(b), want);
            assert_eq!(cp1252_byte(want), Some(b));
            assert_eq!(decode(&[b], Legacy::Tcvn3), want.to_string());
            assert_eq!(decode(&[b], Legacy::Vni), want.to_string());
        }
        // Curly quotes and a dash from Word around TCVN3 text.
        assert_eq!(
            decode(b"\x93\xae\xb8\x94 \x96 x", Legacy::Tcvn3),
            "“đá” – x"
        );
    }

    #[test]
    fn sentences() {
        for legacy in Legacy::ALL {
            for (bytes, want) in encoded(legacy).iter().zip(SENTENCES) {
                assert_eq!(decode(bytes, legacy), want, "{legacy:?}");
                let mojibake = latin1(bytes);
                assert_eq!(fix_text(&mojibake, legacy), want, "{legacy:?}");
                // The mojibake saved as UTF-8 decodes the same.
                assert_eq!(decode(mojibake.as_bytes(), legacy), want, "{legacy:?}");
            }
        }
        assert_eq!(fix_text("Bé Lao ®éng", Legacy::Tcvn3), "Bộ Lao động");
        assert_eq!(fix_text("Boä Lao ñoäng", Legacy::Vni), "Bộ Lao động");
        assert_eq!(fix_text("BOÄ LAO ÑOÄNG", Legacy::Vni), "BỘ LAO ĐỘNG");
    }

    #[test]
    fn vni_marks_only_join_vowels_they_fit() {
        // A breve only on a, a circumflex not on u, marks after consonants, two tones.
        assert_eq!(
            decode(b"o\xea u\xe2 b\xf9 a\xf9\xf8", Legacy::Vni),
            "oê uâ bù áø"
        );
        // A shape then a tone as two bytes.
        assert_eq!(decode(b"a\xe2\xf9", Legacy::Vni), "ấ");
        // Text beyond Latin-1 is kept.
        assert_eq!(fix_text("Tiếng Vieät", Legacy::Vni), "Tiếng Việt");
    }

    #[test]
    fn guesses_the_encoding() {
        for legacy in Legacy::ALL {
            for bytes in encoded(legacy) {
                assert_eq!(guess(bytes), Some(legacy), "{legacy:?}");
                let mojibake = latin1(bytes);
                assert_eq!(guess_text(&mojibake), Some(legacy), "{legacy:?}");
                assert_eq!(guess(mojibake.as_bytes()), Some(legacy), "{legacy:?}");
            }
        }
        assert_eq!(guess_text("Bé Lao ®éng"), Some(Legacy::Tcvn3));
        assert_eq!(guess_text("Boä Lao ñoäng"), Some(Legacy::Vni));
    }

    #[test]
    fn guesses_nothing_for_plain_text() {
        let english = "The Ministry of Labour, Invalids and Social Affairs (2024).";
        assert_eq!(guess(english.as_bytes()), None);
        assert_eq!(guess_text(english), None);
        assert_eq!(guess(b""), None);
        for text in SENTENCES {
            assert_eq!(guess(text.as_bytes()), None, "{text}");
            assert_eq!(guess_text(text), None, "{text}");
        }
        let long = "Nghị định quy định chi tiết về chính sách trợ giúp xã hội đối với người \
                    cao tuổi, trẻ em mồ côi và người khuyết tật; các xã, phường báo cáo hằng \
                    tháng cho Sở Lao động - Thương binh và Xã hội.";
        assert_eq!(guess(long.as_bytes()), None);
        // French in Windows-1252 is no Vietnamese either.
        assert_eq!(guess(b"Le caf\xe9 \xe0 c\xf4t\xe9 de l'\xe9glise"), None);
    }

    #[test]
    fn syllables() {
        for word in [
            "Bộ", "động", "người", "nghèo", "gì", "giữa", "quyết", "khuỷu", "xoong", "Thương",
            "KHUYA", "ở", "hoặc", "chuyện", "yêu",
        ] {
            assert!(is_syllable(word), "{word}");
        }
        for word in [
            "Boä", "®éng", "cỏc", "ce", "ngi", "ge", "aió", "bànn", "qa", "xã̀",
        ] {
            assert!(!is_syllable(word), "{word}");
        }
    }

    #[test]
    fn names() {
        let names: Vec<_> = Legacy::ALL.iter().map(|l| l.name()).collect();
        assert_eq!(names, ["TCVN3 (ABC)", "VNI-Windows", "Windows-1258"]);
    }
}
