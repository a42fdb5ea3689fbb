//! The words the patterns know: the heads of organisation names, titles of people, words
//! naming events, surnames, places, the words that end a name (function words and the
//! verbs of news reports) and the cue words of relations. Lists of the language, not of
//! any one text.
//!
//! Words are compared with their diacritics when the text has them ("Vũ" is a surname,
//! "Vụ" a head; tone placement ignored: "Uỷ" = "Ủy") and folded when the text has none
//! ("Bo Tu phap").

use super::tokens::Token;
use crate::text::{self, Marked};
use std::sync::OnceLock;

/// One entry: its words folded and marked.
struct Entry {
    folded: Vec<String>,
    marked: Vec<Marked>,
}

/// A list of words or phrases, compiled once.
pub struct Lexicon {
    words: &'static [&'static str],
    compiled: OnceLock<Vec<Entry>>,
}

impl Lexicon {
    /// A list of words or phrases as written, with their diacritics.
    pub const fn new(words: &'static [&'static str]) -> Self {
        Lexicon {
            words,
            compiled: OnceLock::new(),
        }
    }

    fn entries(&self) -> &[Entry] {
        self.compiled.get_or_init(|| {
            self.words
                .iter()
                .map(|w| Entry {
                    folded: text::fold_words(w),
                    marked: text::marked_words(w),
                })
                .collect()
        })
    }

    /// The token after the longest entry spelled by the words from `i` (full stops
    /// between words skipped: "PGS.TS").
    pub fn at(&self, tokens: &[Token], i: usize) -> Option<usize> {
        let mut best: Option<usize> = None;
        'entries: for e in self.entries() {
            let mut j = i;
            for (n, (f, m)) in e.folded.iter().zip(&e.marked).enumerate() {
                if n > 0 && tokens.get(j).is_some_and(|t| t.is_punct('.')) {
                    j += 1;
                }
                match tokens.get(j) {
                    Some(t) if t.same_word(f, m) => j += 1,
                    _ => continue 'entries,
                }
            }
            if best.is_none_or(|b| j > b) {
                best = Some(j);
            }
        }
        best
    }

    /// Whether the token at `i` is a one-word entry.
    pub fn is(&self, tokens: &[Token], i: usize) -> bool {
        let Some(t) = tokens.get(i) else { return false };
        self.entries()
            .iter()
            .any(|e| e.folded.len() == 1 && t.same_word(&e.folded[0], &e.marked[0]))
    }
}

/// Heads of organisation names. A head must be written with a capital letter to start a
/// name ("Bộ Tư pháp", not "các bộ").
pub static ORG_HEADS: Lexicon = Lexicon::new(&[
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
    "Tòa án nhân dân",
    "Viện Kiểm sát nhân dân",
    "Báo điện tử",
    "Tạp chí điện tử",
    "Cổng thông tin điện tử",
    "Đài Phát thanh và Truyền hình",
    "Đài Truyền hình",
    "Đài Tiếng nói",
    "Hội Liên hiệp",
    "Tổng Liên đoàn",
    "Tổng công ty",
    "Tổng cục",
    "Công ty cổ phần",
    "Công ty TNHH",
    "Công ty",
    "Ngân hàng",
    "Tạp chí",
    "Trung tâm",
    "Đại học",
    "Học viện",
    "Bệnh viện",
    "Ủy ban",
    "Ban Chỉ đạo",
    "Ban Quản lý",
    "Ban Chấp hành",
    "Mặt trận",
    "Liên đoàn",
    "Liên hiệp",
    "Văn phòng",
    "Thanh tra",
    "Quỹ",
    "Bộ",
    "Cục",
    "Vụ",
    "Sở",
    "Phòng",
    "Ban",
    "Báo",
    "Viện",
    "Hội",
    "Trường",
    "Đoàn",
    "Đảng ủy",
    "Tỉnh ủy",
    "Thành ủy",
    "Huyện ủy",
    "UBND",
    "HĐND",
    "UBMTTQ",
    "Tổ chức",
    "Mạng lưới",
    "Liên minh",
    "Hợp tác xã",
    "Chi cục",
    "Tổng hội",
    "Nhà xuất bản",
    "Đài",
]);

/// Names that are whole organisations by themselves ("Chính phủ", "Quốc hội"), national
/// institutions without a head word among them ("Bảo hiểm xã hội").
pub static STANDALONE_ORGS: Lexicon = Lexicon::new(&[
    "Chính phủ",
    "Quốc hội",
    "Bảo hiểm xã hội",
    "Kho bạc Nhà nước",
    "Kiểm toán Nhà nước",
]);

/// Titles of people. "Phó" before any of them is part of the title.
pub static TITLES: Lexicon = Lexicon::new(&[
    "Tổng cục trưởng",
    "Cục trưởng",
    "Vụ trưởng",
    "Viện trưởng",
    "Bộ trưởng",
    "Thứ trưởng",
    "Thủ tướng",
    "Tổng Giám đốc",
    "Giám đốc điều hành",
    "Giám đốc",
    "Chủ tịch nước",
    "Chủ tịch",
    "Chủ nhiệm",
    "Tổng Biên tập",
    "Trưởng phòng",
    "Trưởng ban",
    "Trưởng khoa",
    "Trưởng đoàn",
    "Trưởng đại diện",
    "Trưởng Văn phòng đại diện",
    "Hiệu trưởng",
    "Chánh Văn phòng",
    "Chánh Thanh tra",
    "Chánh án",
    "Tổng Thư ký",
    "Thư ký",
    "Bí thư",
    "Đại sứ",
    "Ủy viên",
    "Chuyên viên",
    "Giảng viên",
    "Điều phối viên",
    "Nhà báo",
    "Luật sư",
    "Tiến sĩ",
    "Thạc sĩ",
    "Giáo sư",
    "Phó Giáo sư",
    "PGS.TS",
    "PGS",
    "GS.TS",
    "GS",
    "TS",
    "ThS",
    "BS",
    "Đồng chí",
    "ông",
    "bà",
    "Chi cục trưởng",
    "Trưởng Công an",
    "Giám đốc Công an",
]);

/// Titles that say who someone is without naming a post: no role is proposed for them.
pub static HONORIFICS: Lexicon = Lexicon::new(&[
    "Đồng chí",
    "ông",
    "bà",
    "Tiến sĩ",
    "Thạc sĩ",
    "Giáo sư",
    "Phó Giáo sư",
    "PGS TS",
    "PGS",
    "GS TS",
    "GS",
    "TS",
    "ThS",
    "BS",
    "Nhà báo",
    "Luật sư",
]);

/// Words naming events.
pub static EVENT_HEADS: Lexicon = Lexicon::new(&[
    "Hội thảo khoa học",
    "Hội thảo",
    "Hội nghị",
    "Tọa đàm",
    "Diễn đàn",
    "Tập huấn",
    "Lớp tập huấn",
    "Khóa tập huấn",
    "Hội thi",
    "Cuộc thi",
    "Triển lãm",
    "Ngày hội",
    "Tuần lễ",
    "Hội chợ",
    "Liên hoan",
    "Đại hội",
    "Kỳ họp",
    "Phiên họp",
    "Lễ phát động",
    "Lễ kỷ niệm",
    "Lễ ký kết",
    "Lễ ra mắt",
    "Lễ khai mạc",
    "Lễ tổng kết",
    "Lễ trao",
    "Lễ",
    "Hội thảo quốc tế",
    "Chương trình",
]);

/// Vietnamese surnames, the common ones.
pub static SURNAMES: Lexicon = Lexicon::new(&[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Tô", "Đào", "Đoàn", "Trịnh", "Lương", "Đinh", "Mai", "Trương",
    "Lâm", "Hà", "Tạ", "Cao", "Chu", "Kiều", "Quách", "Thái", "Triệu", "Vương", "Lại", "Phùng",
    "Đàm", "Lưu", "Khúc", "Nghiêm", "Tăng", "Thân", "Tôn", "Bạch", "Âu", "Châu", "Hứa", "Lục",
    "Mạc", "Nông", "Diệp", "Giang", "Kim", "Ông", "Từ", "La", "Khổng", "Lữ", "Hầu", "Quan", "Văn",
    "Nhữ", "Tiêu", "Điêu", "Uông", "Thạch", "Sơn", "Ninh", "Tống", "Khuất", "Đồng", "Lò", "Lường",
    "Hoàng", "Vi", "Y", "Hờ", "Giàng", "Sùng", "Mùa", "Thào", "Danh",
]);

/// Provinces and large cities, which often end an organisation's name ("Sở LĐTB&XH Hà
/// Nội") and must not be read as a person's name.
pub static PLACES: Lexicon = Lexicon::new(&[
    "Hà Nội",
    "Hồ Chí Minh",
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
    "Huế",
    "Thừa Thiên Huế",
    "Hà Giang",
    "Cao Bằng",
    "Bắc Kạn",
    "Tuyên Quang",
    "Lào Cai",
    "Điện Biên",
    "Lai Châu",
    "Sơn La",
    "Yên Bái",
    "Hòa Bình",
    "Thái Nguyên",
    "Lạng Sơn",
    "Quảng Ninh",
    "Bắc Giang",
    "Phú Thọ",
    "Vĩnh Phúc",
    "Bắc Ninh",
    "Hải Dương",
    "Hưng Yên",
    "Thái Bình",
    "Hà Nam",
    "Nam Định",
    "Ninh Bình",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Quảng Bình",
    "Quảng Trị",
    "Quảng Nam",
    "Quảng Ngãi",
    "Bình Định",
    "Phú Yên",
    "Khánh Hòa",
    "Ninh Thuận",
    "Bình Thuận",
    "Kon Tum",
    "Gia Lai",
    "Đắk Lắk",
    "Đắk Nông",
    "Lâm Đồng",
    "Bình Phước",
    "Tây Ninh",
    "Bình Dương",
    "Đồng Nai",
    "Bà Rịa - Vũng Tàu",
    "Long An",
    "Tiền Giang",
    "Bến Tre",
    "Trà Vinh",
    "Vĩnh Long",
    "Đồng Tháp",
    "An Giang",
    "Kiên Giang",
    "Hậu Giang",
    "Sóc Trăng",
    "Bạc Liêu",
    "Cà Mau",
    "Việt Nam",
]);

/// Administrative words that continue a name when a place follows ("Ủy ban nhân dân
/// tỉnh Lào Cai").
pub static ADMIN_WORDS: Lexicon = Lexicon::new(&[
    "tỉnh",
    "thành phố",
    "TP",
    "huyện",
    "quận",
    "thị xã",
    "xã",
    "phường",
    "thị trấn",
    "khu vực",
    "miền",
]);

/// Words that join two capitalised parts of one name.
pub static CONNECTORS: Lexicon = Lexicon::new(&["và", "của", "về"]);

/// Lower-case words that end a name: function words and the verbs of news reports. A
/// name never continues into one of them.
pub static NAME_STOPS: Lexicon = Lexicon::new(&[
    "các",
    "những",
    "mọi",
    "đã",
    "đang",
    "sẽ",
    "vừa",
    "mới",
    "là",
    "có",
    "được",
    "bị",
    "tại",
    "ở",
    "từ",
    "đến",
    "cho",
    "trong",
    "ngoài",
    "để",
    "nhằm",
    "theo",
    "cùng",
    "với",
    "này",
    "đó",
    "ấy",
    "thì",
    "mà",
    "nhưng",
    "hoặc",
    "hay",
    "cũng",
    "đều",
    "rất",
    "sau",
    "trước",
    "khi",
    "lúc",
    "ngày",
    "sáng",
    "chiều",
    "tối",
    "năm",
    "tháng",
    "về",
    "và",
    "của",
    "do",
    "tổ chức",
    "phối hợp",
    "khẳng định",
    "cho biết",
    "nhấn mạnh",
    "phát biểu",
    "tham dự",
    "tham gia",
    "chủ trì",
    "thông tin",
    "chia sẻ",
    "đề nghị",
    "yêu cầu",
    "ký kết",
    "trao",
    "tặng",
    "khai mạc",
    "bế mạc",
    "diễn ra",
    "triển khai",
    "thực hiện",
    "ban hành",
    "công bố",
    "họp",
    "làm việc",
    "tiếp",
    "đón",
    "chỉ đạo",
    "giới thiệu",
    "trình bày",
    "đánh giá",
    "phát động",
    "hưởng ứng",
    "hỗ trợ",
    "nêu",
    "nói",
    "mong muốn",
    "ghi nhận",
    "đề xuất",
    "khuyến nghị",
    "cảm ơn",
    "bày tỏ",
    "đồng thời",
    "tiếp tục",
    "cần",
    "phải",
    "đạt",
    "mang lại",
    "góp phần",
    "nâng cao",
    "tăng cường",
    "xây dựng",
    "ra mắt",
    "đại diện",
    "thuộc",
    "trực thuộc",
    "vào",
    "hôm",
    "hơn",
    "gồm",
    "bao gồm",
    "như",
    "không",
    "chưa",
    "cung cấp",
    "chủ động",
    "kiểm tra",
    "giám sát",
    "quyết định",
    "điều hành",
    "lãnh đạo",
    "tiếp nhận",
    "vận động",
    "huy động",
    "trao đổi",
    "thảo luận",
    "lắng nghe",
    "đóng góp",
    "báo cáo",
    "tổng kết",
    "kết thúc",
    "bắt đầu",
    "mở",
    "đồng ý",
    "thông qua",
    "nhất trí",
    "cam kết",
    "khuyến khích",
    "vẫn",
    "luôn",
    "còn",
    "chỉ",
    "nhiều",
    "ít",
    "một",
    "hai",
    "ba",
    "bốn",
    "năm",
    "gần",
    "khoảng",
    "sẽ",
    "dự kiến",
    "thông báo",
    "cho hay",
    "chính thức",
    "long trọng",
    "phụ trách",
    "kiêm",
    "nguyên",
    "ông",
    "bà",
    "đồng tổ chức",
    "cùng tổ chức",
    "phối hợp tổ chức",
]);

/// Words before organisations in a list of attendees ("đại diện …", "sự tham dự của …").
pub static ATTENDANCE_CUES: Lexicon = Lexicon::new(&[
    "đại diện",
    "sự tham dự của",
    "sự tham gia của",
    "tham dự có",
    "đến dự có",
]);

/// Verbs saying that the subject organised an event.
pub static ORGANISE_VERBS: Lexicon = Lexicon::new(&[
    "tổ chức",
    "đồng tổ chức",
    "chủ trì tổ chức",
    "phối hợp tổ chức",
]);

/// Words allowed between organisers and their verb ("phối hợp với", "và", "cùng").
pub static ORGANISER_GLUE: Lexicon = Lexicon::new(&[
    "phối hợp",
    "với",
    "và",
    "cùng",
    "đã",
    "vừa",
    "đồng",
    "chính thức",
    "long trọng",
    "chủ trì",
]);

/// Words that end an event's description ("Hội nghị tổng kết năm 2023 **tại** Hà Nội").
pub static EVENT_STOPS: Lexicon = Lexicon::new(&[
    "tại",
    "vào",
    "do",
    "với sự",
    "nhằm",
    "có",
    "của",
    "diễn ra",
    "được",
    "đã",
    "sẽ",
    "đang",
    "là",
    "theo",
    "trong",
    "từ",
    "đến",
    "ngày",
    "sáng",
    "chiều",
    "tối",
    "hôm",
    "thu hút",
    "và",
    "với",
    "để",
    "cho biết",
    "khẳng định",
    "nhấn mạnh",
    "phát biểu",
    "này",
    "đó",
]);

/// Verbs of speaking at an event.
pub static SPEAK_VERBS: Lexicon = Lexicon::new(&["phát biểu", "trình bày", "chia sẻ tại"]);

/// Words before a date ("Sáng 30-12", "ngày 24/3/2022").
pub static DATE_CUES: Lexicon = Lexicon::new(&[
    "ngày", "sáng", "chiều", "tối", "trưa", "đêm", "hôm nay", "hôm qua",
]);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tokens::tokenize;

    fn toks(s: &str) -> Vec<Token> {
        tokenize(s, 0..s.len())
    }

    #[test]
    fn diacritics_decide_when_the_text_has_them() {
        assert!(ORG_HEADS.at(&toks("Vụ Pháp chế"), 0).is_some());
        assert!(ORG_HEADS.at(&toks("Vũ Văn An"), 0).is_none());
        assert!(SURNAMES.is(&toks("Vũ"), 0));
        assert!(ORG_HEADS.at(&toks("Vu Phap che"), 0).is_some());
        assert_eq!(ORG_HEADS.at(&toks("Uỷ ban nhân dân tỉnh"), 0), Some(4));
        assert_eq!(TITLES.at(&toks("PGS.TS Nguyễn"), 0), Some(3));
    }
}
