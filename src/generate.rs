//! A deterministic synthetic knowledge base for tests and benchmarks: Vietnamese-like
//! names with diacritics, every built-in kind, aliases and acronyms, and relations whose
//! degrees are skewed (a few hubs with tens of thousands of links), written as one bulk
//! edit. The same seed always gives the same content.

use crate::store::{Result, Store, StoreError};
use std::collections::HashSet;

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct Params {
    /// Number of entities.
    pub entities: usize,
    /// Number of relations.
    pub relations: usize,
    /// Random seed.
    pub seed: u64,
}

/// SplitMix64: small, fast and the same on every platform.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    /// The next 64 random bits.
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    /// An index in `0..n` skewed towards 0: a few indices get most of the draws.
    fn skewed(&mut self, n: usize) -> usize {
        ((n as f64) * self.unit().powi(3)) as usize % n.max(1)
    }
}

const SURNAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đào", "Đoàn", "Trịnh", "Lương",
];
const MIDDLE: &[&str] = &[
    "Văn", "Thị", "Đức", "Minh", "Thanh", "Hữu", "Ngọc", "Quốc", "Thu", "Xuân", "Hoài", "Kim",
];
const GIVEN: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng",
    "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Nhung", "Phong", "Phúc", "Quân",
    "Quang", "Sơn", "Tâm", "Thảo", "Thắng", "Thủy", "Trang", "Trung", "Tuấn", "Vân", "Việt", "Yến",
    "Ánh", "Ước", "Ỷ", "Ngữ",
];
const ORG_HEADS: &[&str] = &[
    "Bộ",
    "Cục",
    "Sở",
    "Vụ",
    "Viện",
    "Trung tâm",
    "Hội",
    "Quỹ",
    "Ủy ban",
    "Phòng",
    "Liên hiệp",
];
const DOMAINS: &[&str] = &[
    "Lao động",
    "Thương binh và Xã hội",
    "Giáo dục",
    "Y tế",
    "Nông nghiệp",
    "Phát triển nông thôn",
    "Bảo trợ xã hội",
    "Trẻ em",
    "Người cao tuổi",
    "Dân tộc",
    "Miền núi",
    "Tài chính",
    "Kế hoạch và Đầu tư",
    "Văn hóa",
    "Thông tin và Truyền thông",
    "Giảm nghèo",
    "Việc làm",
    "Phụ nữ",
    "Thanh niên",
    "Khuyết tật",
];
const PLACES: &[&str] = &[
    "Hà Nội",
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
    "Huế",
    "Nghệ An",
    "Thanh Hóa",
    "Lào Cai",
    "Điện Biên",
    "Sơn La",
    "Quảng Ngãi",
    "Đắk Lắk",
    "Gia Lai",
    "An Giang",
    "Bến Tre",
    "Hà Giang",
    "Cao Bằng",
    "Bắc Kạn",
    "Kon Tum",
    "Sóc Trăng",
    "Trà Vinh",
    "Quảng Trị",
];
const EVENT_HEADS: &[&str] = &["Hội thảo", "Hội nghị", "Diễn đàn", "Tập huấn", "Tọa đàm"];
const THEME_WORDS: &[&str] = &[
    "giảm nghèo",
    "bền vững",
    "đa chiều",
    "chuyển đổi số",
    "an sinh xã hội",
    "công tác xã hội",
    "sinh kế",
    "bình đẳng giới",
    "dinh dưỡng",
    "nhà ở",
    "nước sạch",
    "học nghề",
    "tín dụng",
    "bảo hiểm y tế",
    "trợ giúp pháp lý",
    "phục hồi chức năng",
];
const DOC_HEADS: &[&str] = &["Báo cáo", "Bản tin", "Kỷ yếu", "Nghị quyết", "Thông tư"];

/// Kinds in proportion: (kind, weight out of 100).
const KIND_WEIGHTS: &[(&str, usize)] = &[
    ("person", 40),
    ("organisation", 25),
    ("event", 12),
    ("document", 10),
    ("theme", 5),
    ("place", 5),
    ("recommendation", 3),
];

/// Relation shapes: (subject kind, predicate, object kind).
const SHAPES: &[(&str, &str, &str)] = &[
    ("person", "holds_position", "organisation"),
    ("person", "attended", "event"),
    ("person", "spoke_at", "event"),
    ("organisation", "part_of", "organisation"),
    ("organisation", "attended", "event"),
    ("event", "organised_by", "organisation"),
    ("event", "addresses", "theme"),
    ("document", "reports_on", "event"),
    ("document", "mentions", "person"),
    ("document", "published_by", "organisation"),
    ("recommendation", "concerns", "theme"),
    ("recommendation", "raised_at", "event"),
    ("theme", "subtheme_of", "theme"),
];

const ROLES: &[&str] = &[
    "Cục trưởng",
    "Giám đốc",
    "Phó Giám đốc",
    "Chuyên viên",
    "Chủ tịch",
    "Thư ký",
];

fn kind_for(rng: &mut Rng) -> &'static str {
    let mut r = rng.below(100);
    for (k, w) in KIND_WEIGHTS {
        if r < *w {
            return k;
        }
        r -= w;
    }
    "person"
}

/// One generated entity: name, English name, aliases, start date.
fn make_entity(
    rng: &mut Rng,
    kind: &str,
    n: usize,
) -> (String, Option<String>, Vec<String>, Option<String>) {
    match kind {
        "person" => (
            format!(
                "{} {} {}",
                rng.pick(SURNAMES),
                rng.pick(MIDDLE),
                rng.pick(GIVEN)
            ),
            None,
            Vec::new(),
            None,
        ),
        "organisation" => {
            let name = format!(
                "{} {} {}",
                rng.pick(ORG_HEADS),
                rng.pick(DOMAINS),
                rng.pick(PLACES)
            );
            let aliases = if rng.below(3) == 0 {
                let acronym: String = crate::text::fold_words(&name)
                    .iter()
                    .filter_map(|w| w.chars().next())
                    .collect::<String>()
                    .to_uppercase();
                vec![format!("{acronym}{}", n % 100)]
            } else {
                Vec::new()
            };
            (name, None, aliases, None)
        }
        "event" => {
            let year = 2000 + rng.below(26);
            let date = match rng.below(3) {
                0 => format!("{year}"),
                1 => format!("{year}-{:02}", 1 + rng.below(12)),
                _ => format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
            };
            (
                format!(
                    "{} {} tại {} lần {}",
                    rng.pick(EVENT_HEADS),
                    rng.pick(THEME_WORDS),
                    rng.pick(PLACES),
                    n % 50 + 1
                ),
                None,
                Vec::new(),
                Some(date),
            )
        }
        "document" => (
            format!("{} {} số {}", rng.pick(DOC_HEADS), rng.pick(THEME_WORDS), n),
            None,
            Vec::new(),
            None,
        ),
        "theme" => (
            format!("{} {}", rng.pick(THEME_WORDS), rng.pick(THEME_WORDS)),
            None,
            Vec::new(),
            None,
        ),
        "place" => (
            format!(
                "{} {}",
                rng.pick(&["Xã", "Huyện", "Phường", "Thôn"]),
                rng.pick(PLACES)
            ),
            None,
            Vec::new(),
            None,
        ),
        _ => (
            format!("Khuyến nghị về {} số {}", rng.pick(THEME_WORDS), n),
            Some(format!("Recommendation {n}")),
            Vec::new(),
            None,
        ),
    }
}

/// Fills `store` with generated data as one bulk edit, reporting progress as
/// (stage, done, total). The built-in kinds and predicates are added when missing.
pub fn generate(
    store: &mut Store,
    p: Params,
    mut progress: impl FnMut(&str, usize, usize),
) -> Result<()> {
    if store.kinds()?.is_empty() {
        crate::seed::install_vocabulary(store)?;
    }
    let mut rng = Rng(p.seed);
    let description = format!(
        "generate {} entities, {} relations (seed {})",
        p.entities, p.relations, p.seed
    );
    store.tune_for_bulk(256)?;
    store.edit(&description, |w| {
        let mut bulk = w.bulk();
        let mut by_kind: std::collections::HashMap<&str, Vec<i64>> = Default::default();
        let step = (p.entities / 20).max(1);
        for n in 0..p.entities {
            let kind = kind_for(&mut rng);
            let (name, name_en, aliases, date) = make_entity(&mut rng, kind, n);
            let id = bulk.entity(
                kind,
                &name,
                name_en.as_deref(),
                None,
                date.as_deref(),
                &aliases,
            )?;
            by_kind.entry(kind).or_default().push(id);
            if n % step == 0 {
                progress("entities", n, p.entities);
            }
        }
        progress("entities", p.entities, p.entities);
        let shapes: Vec<_> = SHAPES
            .iter()
            .filter(|(s, _, o)| by_kind.contains_key(s) && by_kind.contains_key(o))
            .collect();
        if shapes.is_empty() && p.relations > 0 {
            return Err(StoreError::Invalid("too few entities to relate".into()));
        }
        let mut seen: HashSet<u64> = HashSet::with_capacity(p.relations);
        let mut planned: Vec<(i64, usize, i64, Option<&str>)> = Vec::with_capacity(p.relations);
        let mut attempts = 0usize;
        // Give up once a long run of draws makes nothing new: too few entities for the
        // relations asked (10 entities hold a few dozen distinct relations at most).
        let mut since_new = 0usize;
        while planned.len() < p.relations
            && attempts < p.relations.saturating_mul(4)
            && since_new < 1_000_000
        {
            attempts += 1;
            since_new += 1;
            let (sk, pred, ok) = *shapes[rng.below(shapes.len())];
            let subjects = &by_kind[sk];
            let objects = &by_kind[ok];
            let s = subjects[rng.below(subjects.len())];
            let o = objects[rng.skewed(objects.len())];
            let pi = SHAPES.iter().position(|x| x.1 == pred).unwrap_or(0);
            let key = ((s as u64) << 36) ^ ((pi as u64) << 30) ^ (o as u64);
            // A hierarchy points from the newer entity to the older: it never loops, as
            // the write path requires.
            let hierarchy = crate::store::validate::HIERARCHICAL.contains(&pred);
            if s == o || (hierarchy && s < o) || !seen.insert(key) {
                continue;
            }
            since_new = 0;
            let role = (pred == "holds_position").then(|| rng.pick(ROLES));
            planned.push((s, pi, o, role));
        }
        drop(seen);
        // Inserting in subject order appends to the subject index instead of scattering
        // writes across it.
        planned.sort_unstable_by_key(|&(s, pi, o, _)| (s, pi, o));
        let made = planned.len();
        let step = (p.relations / 20).max(1);
        for (n, (s, pi, o, role)) in planned.into_iter().enumerate() {
            bulk.relation(s, SHAPES[pi].1, o, role)?;
            if (n + 1) % step == 0 {
                progress("relations", n + 1, p.relations);
            }
        }
        progress("relations", made, p.relations);
        if made < p.relations {
            // Refuse rather than report a size that was not made; the edit rolls back.
            return Err(StoreError::Invalid(format!(
                "only {made} of {} distinct relations could be made between {} entities; \
                 ask for fewer relations or more entities",
                p.relations, p.entities
            )));
        }
        bulk.finish()
    })
}
