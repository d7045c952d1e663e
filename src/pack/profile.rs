//! Profiles: a country's document kinds in order, their aliases, requirements and limits.

use super::day::DateOrder;
use super::level::Level;
use super::purposes::{PurposeSpec, parse_lexicon};
use super::role::KindRole;
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

/// The built-in profiles, `kz-b1` first: (name, TOML source).
pub const BUILTIN: &[(&str, &str)] = &[
    ("kz-b1", include_str!("../../profiles/kz-b1.toml")),
    ("schengen-c", include_str!("../../profiles/schengen-c.toml")),
    ("us-b1b2", include_str!("../../profiles/us-b1b2.toml")),
    ("uk-visitor", include_str!("../../profiles/uk-visitor.toml")),
    ("china-m", include_str!("../../profiles/china-m.toml")),
    (
        "india-evisa",
        include_str!("../../profiles/india-evisa.toml"),
    ),
    (
        "france-visas",
        include_str!("../../profiles/france-visas.toml"),
    ),
];

/// The profile used when neither the command line nor the manifest names one.
pub const DEFAULT_PROFILE: &str = "kz-b1";

/// Whether a kind must, should or may be present.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Requirement {
    /// Missing is an error.
    Required,
    /// Missing is a warning.
    Recommended,
    /// Missing is fine.
    #[default]
    Optional,
}

/// A manifest statement that lifts a kind's requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Waiver {
    /// `[trip] invitation_required = false` (visa-free or e-Visa routes).
    NoInvitation,
}

/// One kind of document the profile knows.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindSpec {
    /// Stable id used in output (`passport`, `employer-letter`).
    pub id: String,
    /// What the kind is for, as written; [`KindSpec::role`] settles it.
    #[serde(default)]
    pub role: Option<KindRole>,
    /// Title used in messages and suggested file names (`Employer_Letter`).
    pub title: String,
    /// Whether the pack needs it.
    #[serde(default)]
    pub requirement: Requirement,
    /// When set, the requirement does not apply if the manifest says so.
    #[serde(default)]
    pub waived_when: Option<Waiver>,
    /// May stand anywhere in the numbering (fee receipts, extras).
    #[serde(default)]
    pub anywhere: bool,
    /// File titles that mean this kind (case, `_`, `-` and space do not matter).
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl KindSpec {
    /// The kind's role: as written, else the role its id names, else `other`.
    pub fn role(&self) -> KindRole {
        self.role
            .or_else(|| KindRole::parse(&self.id))
            .unwrap_or(KindRole::Other)
    }
}

/// Numeric limits the content rules read; every one may be left out.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Largest single file a portal accepts, in MB.
    pub file_max_mb: Option<f64>,
    /// Largest assembled pack, in MB.
    pub pack_max_mb: Option<f64>,
    /// Months the passport must stay valid after departure.
    pub passport_validity_months: Option<u32>,
    /// Oldest a bank statement may be at submission, in days.
    pub statement_max_age_days: Option<u32>,
}

/// Thresholds of the `scan/*` rules, measured at the 150 dpi analysis resolution.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScanLimits {
    /// Effective DPI below which a scan is an error.
    pub min_dpi: f64,
    /// Effective DPI below which a scan is a warning.
    pub recommended_dpi: f64,
    /// Crete-Roffet blur effect at or above which a page is blurred (0 sharp .. 1 blurred).
    pub max_blur: f64,
    /// Paper level (p99) minus ink level (p0.1) below which text contrast is too low.
    pub min_contrast: f64,
    /// Paper level (p99) below which a page is too dark.
    pub min_paper_level: f64,
    /// Share of clipped white pixels above which a page is blown out.
    pub max_clipped_white: f64,
    /// Darkest over brightest paper tile below which lighting is uneven.
    pub min_shadow_ratio: f64,
    /// Ink density in the outer 3 mm over the page's above which content runs off the edge.
    pub max_edge_ink_ratio: f64,
    /// Text-line angle in degrees above which a page is skewed.
    pub max_skew_degrees: f64,
    /// Estimated JPEG quality below which compression hurts small print.
    pub min_jpeg_quality: u8,
    /// Ink share below which a page may be blank (0.001 = 0.1 %).
    pub blank_max_ink: f64,
    /// Luma spread (p99 - p0.1) below which a page may be blank.
    pub blank_max_spread: f64,
    /// Kinds (ids or roles) for which a grayscale scan is worth an info finding.
    pub colour_kinds: Vec<String>,
}

impl Default for ScanLimits {
    fn default() -> Self {
        ScanLimits {
            min_dpi: 150.0,
            recommended_dpi: 200.0,
            max_blur: 0.40,
            min_contrast: 100.0,
            min_paper_level: 160.0,
            max_clipped_white: 0.5,
            min_shadow_ratio: 0.80,
            max_edge_ink_ratio: 0.25,
            max_skew_degrees: 2.0,
            min_jpeg_quality: 50,
            blank_max_ink: 0.001,
            blank_max_spread: 30.0,
            colour_kinds: vec!["passport".into()],
        }
    }
}

impl ScanLimits {
    /// Whether `colour_kinds` lists the entry's kind, by its id or by its role.
    pub fn wants_colour(&self, entry: &super::entry::Entry) -> bool {
        let role = entry.role().map(KindRole::as_str);
        self.colour_kinds
            .iter()
            .any(|k| Some(k.as_str()) == entry.kind() || Some(k.as_str()) == role)
    }
}

/// How much a photo's colour matters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ColourPolicy {
    /// A grayscale photo is an error.
    #[default]
    Required,
    /// A grayscale photo is a warning.
    WarnIfGray,
    /// Colour is not checked.
    Any,
}

/// What a photo's background must look like.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BackgroundPolicy {
    /// Plain and light: white, off-white, light gray or light blue.
    #[default]
    LightUniform,
    /// Plain white or off-white.
    White,
    /// Not checked.
    Any,
}

/// The photo specification the `photo/*` rules check; defaults are ICAO 35 x 45 mm.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PhotoSpec {
    /// Printed size, width and height in mm.
    pub print_size_mm: Vec<f64>,
    /// Relative deviation of width/height from the print size's ratio allowed.
    pub aspect_tolerance: f64,
    /// Smallest width and height in pixels, as displayed; empty for none.
    pub min_px: Vec<u32>,
    /// Largest width and height in pixels; empty for none.
    pub max_px: Vec<u32>,
    /// Smallest and largest file size in kB (1000 bytes); empty for none.
    pub file_kb: Vec<f64>,
    /// Whether the photo must be in colour.
    pub colour: ColourPolicy,
    /// What the background must look like.
    pub background: BackgroundPolicy,
    /// Oldest the photo may be at submission, from its EXIF date.
    pub max_age_days: Option<u32>,
    /// Chin-to-crown height over photo height, lowest and highest; empty for none.
    pub head_height_ratio: Vec<f64>,
}

impl Default for PhotoSpec {
    fn default() -> Self {
        PhotoSpec {
            print_size_mm: vec![35.0, 45.0],
            aspect_tolerance: 0.02,
            min_px: vec![413, 531],
            max_px: Vec::new(),
            file_kb: Vec::new(),
            colour: ColourPolicy::Required,
            background: BackgroundPolicy::LightUniform,
            max_age_days: Some(183),
            head_height_ratio: vec![0.70, 0.80],
        }
    }
}

impl PhotoSpec {
    /// Width over height of the printed photo.
    pub fn aspect(&self) -> f64 {
        self.print_size_mm[0] / self.print_size_mm[1]
    }

    /// The `[lo, hi]` pair of a two-number field, when set.
    pub fn pair<T: Copy>(v: &[T]) -> Option<(T, T)> {
        match v {
            [a, b] => Some((*a, *b)),
            _ => None,
        }
    }

    fn validate(&self) -> Result<(), String> {
        let two = |name: &str, n: usize, optional: bool| match n {
            2 => Ok(()),
            0 if optional => Ok(()),
            _ => Err(format!(
                "[photo] {name} takes two numbers{}",
                if optional { " or none: []" } else { "" }
            )),
        };
        two("print_size_mm", self.print_size_mm.len(), false)?;
        two("min_px", self.min_px.len(), true)?;
        two("max_px", self.max_px.len(), true)?;
        two("file_kb", self.file_kb.len(), true)?;
        two("head_height_ratio", self.head_height_ratio.len(), true)?;
        if self
            .print_size_mm
            .iter()
            .any(|x| !(x.is_finite() && *x > 0.0))
        {
            return Err("[photo] print_size_mm must be two sizes above zero".into());
        }
        if !(self.aspect_tolerance.is_finite() && (0.0..1.0).contains(&self.aspect_tolerance)) {
            return Err("[photo] aspect_tolerance is a share between 0 and 1, e.g. 0.02".into());
        }
        let ordered = |lo: f64, hi: f64| lo.is_finite() && hi.is_finite() && 0.0 <= lo && lo <= hi;
        if let Some((lo, hi)) = Self::pair(&self.file_kb).filter(|(l, h)| !ordered(*l, *h)) {
            return Err(format!("[photo] file_kb = [{lo}, {hi}] is not a range"));
        }
        if let Some((lo, hi)) =
            Self::pair(&self.head_height_ratio).filter(|(l, h)| !ordered(*l, *h) || *h > 1.0)
        {
            return Err(format!(
                "[photo] head_height_ratio = [{lo}, {hi}] is not a range of shares between 0 and 1"
            ));
        }
        if let (Some((w0, h0)), Some((w1, h1))) =
            (Self::pair(&self.min_px), Self::pair(&self.max_px))
            && (w0 > w1 || h0 > h1)
        {
            return Err("[photo] min_px is larger than max_px".into());
        }
        Ok(())
    }
}

/// A parsed profile.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Short name (`kz-b1`).
    pub name: String,
    /// One-line title.
    #[serde(default)]
    pub title: String,
    /// Where the requirements come from, and caveats.
    #[serde(default)]
    pub description: String,
    /// The kinds, in the order a pack should present them.
    pub kinds: Vec<KindSpec>,
    /// Severity overrides for rules.
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
    /// Numeric limits.
    #[serde(default)]
    pub limits: Limits,
    /// Scan legibility thresholds.
    #[serde(default)]
    pub scan: ScanLimits,
    /// Photo specification.
    #[serde(default)]
    pub photo: PhotoSpec,
    /// The portal's upload rules: merged or per document, sizes, names.
    #[serde(default)]
    pub upload: super::upload::Upload,
    /// How all-numeric dates read unless a manifest says otherwise (default day first).
    #[serde(default)]
    pub date_order: DateOrder,
    /// The purpose lexicon as `[[purposes]]` tables; none means the built-in one.
    ///
    /// Checked when the profile loads; `extract::purpose::lexicon` compiles it, once.
    #[serde(default)]
    pub purposes: Vec<PurposeSpec>,
    #[serde(skip)]
    matcher: Vec<(Vec<String>, usize)>,
}

/// Why a profile could not be used.
#[derive(Debug, Clone)]
pub struct ProfileError {
    /// What went wrong.
    pub message: String,
    /// Byte range in the TOML source, when known.
    pub span: Option<std::ops::Range<usize>>,
}

impl Profile {
    /// Parses and validates a profile's TOML source, laid over the profile it `extends`.
    pub fn parse(source: &str) -> Result<Profile, ProfileError> {
        let layered = layer(source, 0)?;
        let mut p = Profile::deserialize(toml::de::Deserializer::from(layered)).map_err(|e| {
            ProfileError {
                message: e.message().to_string(),
                span: e.span(),
            }
        })?;
        let plain = |message: String| ProfileError {
            message,
            span: None,
        };
        if p.kinds.is_empty() {
            return Err(plain("a profile needs at least one [[kinds]] entry".into()));
        }
        p.photo.validate().map_err(plain)?;
        p.upload.validate().map_err(plain)?;
        parse_lexicon(&p.purposes).map_err(|e| plain(format!("[[purposes]]: {e}")))?;
        let mut seen = std::collections::BTreeSet::new();
        for k in &p.kinds {
            if !seen.insert(k.id.as_str()) {
                return Err(plain(format!("kind `{}` is listed twice", k.id)));
            }
        }
        for (i, k) in p.kinds.iter().enumerate() {
            // A kind's own id and title always count as aliases.
            for alias in k.aliases.iter().chain([&k.id, &k.title]) {
                let tokens = normalize(alias);
                if !tokens.is_empty() {
                    p.matcher.push((tokens, i));
                }
            }
        }
        Ok(p)
    }

    /// Largest file the portal takes, in MB: `[upload] max_file_kb`, else
    /// `[limits] file_max_mb`.
    pub fn file_max_mb(&self) -> Option<f64> {
        self.upload
            .max_file_kb
            .map(|kb| kb / 1000.0)
            .or(self.limits.file_max_mb)
    }

    /// Largest pack the portal takes, in MB: `[upload] max_total_kb`, else
    /// `[limits] pack_max_mb`.
    pub fn pack_max_mb(&self) -> Option<f64> {
        self.upload
            .max_total_kb
            .map(|kb| kb / 1000.0)
            .or(self.limits.pack_max_mb)
    }

    /// Loads a built-in profile by name.
    pub fn builtin(name: &str) -> Option<Profile> {
        let (_, src) = BUILTIN.iter().find(|(n, _)| *n == name)?;
        // Built-in sources are tested to parse; a failure here is a build defect.
        Profile::parse(src).ok()
    }

    /// Position of a kind in the profile's order.
    pub fn kind_index(&self, id: &str) -> Option<usize> {
        self.kinds.iter().position(|k| k.id == id)
    }

    /// The kind a file title means, if any.
    ///
    /// An exact alias wins. Otherwise the longest alias found inside the title, preferring
    /// one before `of`/`from`/`for` (`Translation_Of_Invitation` is a translation) and
    /// then the rightmost, since English puts the head noun last (`Passport_Photo`).
    pub fn kind_of(&self, title: &str) -> Option<&KindSpec> {
        let tokens = normalize(title);
        if tokens.is_empty() {
            return None;
        }
        if let Some((_, i)) = self.matcher.iter().find(|(a, _)| *a == tokens) {
            return Some(&self.kinds[*i]);
        }
        let head_end = tokens
            .iter()
            .position(|t| matches!(t.as_str(), "of" | "from" | "for"))
            .unwrap_or(tokens.len());
        let mut best: Option<((bool, usize, usize), usize)> = None;
        for (alias, kind) in &self.matcher {
            for start in 0..tokens.len() {
                let end = start + alias.len();
                if end <= tokens.len() && tokens[start..end] == alias[..] {
                    let score = (end <= head_end, alias.len(), end);
                    if best.is_none_or(|(b, _)| score > b) {
                        best = Some((score, *kind));
                    }
                }
            }
        }
        best.map(|(_, i)| &self.kinds[i])
    }
}

/// How many `extends` a profile may stack; more is surely a loop.
const MAX_EXTENDS: usize = 4;

/// The source as a spanned table, with the profile it `extends` merged underneath.
///
/// Tables merge key by key; `[[kinds]]` merge by `id` (a known id overrides only the
/// fields it gives, a new id is appended), `more_aliases` adds to a kind's aliases and
/// `order` lists kind ids to put first. Spans stay the child's where it wrote a value.
fn layer(source: &str, depth: usize) -> Result<Spanned<DeTable<'_>>, ProfileError> {
    let error = |e: toml::de::Error| ProfileError {
        message: e.message().to_string(),
        span: e.span(),
    };
    let at = |message: String, span: std::ops::Range<usize>| ProfileError {
        message,
        span: Some(span),
    };
    let doc = DeTable::parse(source).map_err(error)?;
    let span = doc.span();
    let mut doc = doc.into_inner();
    let order = doc.remove("order");
    if let Some(ext) = doc.remove("extends") {
        let Some(name) = ext.get_ref().as_str() else {
            return Err(at(
                "`extends` names a built-in profile, e.g. \"kz-b1\"".into(),
                ext.span(),
            ));
        };
        let Some((_, base_src)) = BUILTIN.iter().find(|(n, _)| *n == name) else {
            let names: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
            return Err(at(
                format!(
                    "`extends = \"{name}\"`: no such built-in profile (built-in: {})",
                    names.join(", ")
                ),
                ext.span(),
            ));
        };
        if depth >= MAX_EXTENDS {
            return Err(at(
                format!("`extends` goes deeper than {MAX_EXTENDS} profiles"),
                ext.span(),
            ));
        }
        let mut base = layer(base_src, depth + 1)
            .map_err(|e| {
                at(
                    format!("built-in profile `{name}`: {}", e.message),
                    ext.span(),
                )
            })?
            .into_inner();
        merge_tables(&mut base, doc);
        doc = base;
    } else if let Some(kinds) = doc.get_mut("kinds") {
        // `more_aliases` means the same without a base: more aliases.
        if let DeValue::Array(list) = kinds.get_mut() {
            for kind in list.iter_mut() {
                if let DeValue::Table(t) = kind.get_mut() {
                    fold_aliases(t, None);
                }
            }
        }
    }
    if let Some(order) = order {
        reorder(&mut doc, &order).map_err(|m| at(m, order.span()))?;
    }
    Ok(Spanned::new(span, doc))
}

/// Lays `top` over `base`: tables merge, `kinds` merge by id, anything else is replaced.
fn merge_tables<'i>(base: &mut DeTable<'i>, top: DeTable<'i>) {
    for (key, value) in top {
        match (base.get_mut(key.get_ref().as_ref()), value) {
            (Some(old), value) if key.get_ref() == "kinds" => {
                let span = value.span();
                if let (DeValue::Array(list), DeValue::Array(add)) =
                    (old.get_mut(), value.into_inner())
                {
                    merge_kinds(list, add);
                } else {
                    *old = Spanned::new(span, DeValue::Array(DeArray::new()));
                }
            }
            (Some(old), value) if old.get_ref().is_table() && value.get_ref().is_table() => {
                if let (DeValue::Table(old), DeValue::Table(new)) =
                    (old.get_mut(), value.into_inner())
                {
                    merge_tables(old, new);
                }
            }
            (Some(old), value) => *old = value,
            (None, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// The `id` of a `[[kinds]]` table, if it has one.
fn id_of(kind: &Spanned<DeValue<'_>>) -> Option<String> {
    kind.get_ref()
        .as_table()?
        .get("id")?
        .get_ref()
        .as_str()
        .map(str::to_string)
}

/// Merges `[[kinds]]` entries into the base's by `id`; a new id goes last.
fn merge_kinds<'i>(list: &mut DeArray<'i>, add: DeArray<'i>) {
    let mut extra = Vec::new();
    for kind in add.iter().cloned() {
        let id = id_of(&kind);
        let found = list.iter_mut().find(|k| id.is_some() && id_of(k) == id);
        match (found, kind.into_inner()) {
            (Some(old), DeValue::Table(mut new)) => {
                if let DeValue::Table(old) = old.get_mut() {
                    fold_aliases(&mut new, old.get("aliases").cloned());
                    merge_tables(old, new);
                }
            }
            (_, DeValue::Table(mut new)) => {
                fold_aliases(&mut new, None);
                extra.push(DeValue::Table(new));
            }
            (_, other) => extra.push(other),
        }
    }
    let span = add.first().map(|k| k.span()).unwrap_or(0..0);
    for value in extra {
        list.push(Spanned::new(span.clone(), value));
    }
}

/// Turns a kind's `more_aliases` into `aliases`: the base's (or its own) plus the more.
fn fold_aliases<'i>(kind: &mut DeTable<'i>, base: Option<Spanned<DeValue<'i>>>) {
    let Some(more) = kind.remove("more_aliases") else {
        return;
    };
    let span = more.span();
    let mut all = DeArray::new();
    let own = kind.remove("aliases").or(base);
    for source in [own, Some(more)].into_iter().flatten() {
        match source.into_inner() {
            DeValue::Array(items) => items.iter().cloned().for_each(|i| all.push(i)),
            other => all.push(Spanned::new(span.clone(), other)),
        }
    }
    kind.insert(
        Spanned::new(span.clone(), Cow::Borrowed("aliases")),
        Spanned::new(span, DeValue::Array(all)),
    );
}

/// Puts the kinds `order` names first, in that order; the rest keep theirs.
fn reorder(doc: &mut DeTable<'_>, order: &Spanned<DeValue<'_>>) -> Result<(), String> {
    let Some(names) = order.get_ref().as_array() else {
        return Err("`order` is a list of kind ids".into());
    };
    let Some(DeValue::Array(kinds)) = doc.get_mut("kinds").map(Spanned::get_mut) else {
        return Err("`order` needs [[kinds]] to order".into());
    };
    let mut rank = Vec::new();
    for name in names.iter() {
        let Some(name) = name.get_ref().as_str() else {
            return Err("`order` is a list of kind ids".into());
        };
        if !kinds.iter().any(|k| id_of(k).as_deref() == Some(name)) {
            return Err(format!(
                "`order` names `{name}`, which is not a kind of this profile"
            ));
        }
        rank.push(name.to_string());
    }
    let key = |k: &Spanned<DeValue<'_>>| {
        let id = id_of(k);
        rank.iter()
            .position(|r| Some(r) == id.as_ref())
            .unwrap_or(rank.len())
    };
    kinds.sort_by_key(key);
    Ok(())
}

/// Lowercased words of a title, `_`/`-`/space/`.` as separators, a plural `s` dropped.
pub fn normalize(title: &str) -> Vec<String> {
    title
        .split(|c: char| c == '_' || c == '-' || c == '.' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = w.to_lowercase();
            if w.chars().count() > 3 && w.ends_with('s') && !w.ends_with("ss") {
                w[..w.len() - 1].to_string()
            } else {
                w
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kz() -> Profile {
        Profile::builtin("kz-b1").expect("kz-b1 parses")
    }

    #[test]
    fn every_builtin_parses() {
        for (name, src) in BUILTIN {
            let p = Profile::parse(src).unwrap_or_else(|e| panic!("{name}: {}", e.message));
            assert_eq!(&p.name, name);
        }
    }

    #[test]
    fn corpus_titles_map_to_kinds() {
        let p = kz();
        let cases = [
            ("Passport", "passport"),
            ("Passport_Bio_Page", "passport"),
            ("passport-bio-page", "passport"),
            ("Passport_Scan", "passport"),
            ("Form", "form"),
            ("Application_Form", "form"),
            ("Visa_Application_Form", "form"),
            ("Photo", "photo"),
            ("Passport_Photo", "photo"),
            ("Invitation", "invitation"),
            ("Invitation_Letter", "invitation"),
            ("Letter_Of_Invitation", "invitation"),
            ("Employer_Letter", "employer-letter"),
            ("Employment_Letter", "employer-letter"),
            ("Letter_From_Employer", "employer-letter"),
            ("Cover_Letter", "cover-letter"),
            ("Bank_Statements", "financial"),
            ("Bank_Statement", "financial"),
            ("Itinerary", "travel"),
            ("Flight_Itinerary", "travel"),
            ("Flight_Booking", "travel"),
            ("Flight itinerary", "travel"),
            ("Hotel_Booking", "travel"),
            ("Hotel_Reservation", "travel"),
            ("Insurance", "insurance"),
            ("Travel_Insurance", "insurance"),
            ("Medical_Insurance", "insurance"),
            ("Company_Registration", "business"),
            ("Business_Registration", "business"),
            ("Fee_Receipt", "fee"),
            ("Visa_Fee_Receipt", "fee"),
            ("Translation_Of_Invitation", "translation"),
            ("Invitation_Translation", "translation"),
            ("Bank_Statement_March", "financial"),
            ("Паспорт", "passport"),
        ];
        for (title, kind) in cases {
            assert_eq!(
                p.kind_of(title).map(|k| k.id.as_str()),
                Some(kind),
                "{title}"
            );
        }
        assert!(p.kind_of("Holiday_Snaps").is_none());
        assert!(p.kind_of("").is_none());
    }

    #[test]
    fn a_profile_may_carry_its_own_lexicon() {
        assert!(kz().purposes.is_empty(), "kz-b1 uses the built-in lexicon");
        let own = "name = \"x\"\ndate_order = \"mdy\"\n[[kinds]]\nid = \"a\"\ntitle = \"A\"\n\
                   [[purposes]]\nid = \"fair\"\nlabel = \"trade fair\"\nphrases = [\"trade fair\", \"ярмарк\"]\n";
        let p = Profile::parse(own).unwrap_or_else(|e| panic!("{}", e.message));
        assert_eq!(p.date_order, DateOrder::Mdy);
        assert_eq!(p.purposes[0].phrases, ["trade fair", "ярмарк"]);
        let broken = own.replace("phrases = [\"trade fair\", \"ярмарк\"]", "phrases = []");
        let e = Profile::parse(&broken).unwrap_err();
        assert_eq!(e.message, "[[purposes]]: purpose `fair` has no phrases");
        let bad = own.replace("\"ярмарк\"", "\"sign ~\"");
        let e = Profile::parse(&bad).unwrap_err();
        assert!(
            e.message.ends_with("`~` must stand between two words"),
            "{}",
            e.message
        );
    }

    #[test]
    fn rejects_bad_profiles() {
        assert!(Profile::parse("name = \"x\"\nkinds = []").is_err());
        let dup = "name = \"x\"\n[[kinds]]\nid = \"a\"\ntitle = \"A\"\n[[kinds]]\nid = \"a\"\ntitle = \"A\"\n";
        assert!(Profile::parse(dup).unwrap_err().message.contains("twice"));
        let typo = "name = \"x\"\n[[kinds]]\nid = \"a\"\ntitle = \"A\"\nrequired = true\n";
        let e = Profile::parse(typo).unwrap_err();
        assert!(e.span.is_some(), "{}", e.message);
    }

    #[test]
    fn a_kind_role_is_checked_where_it_is_written() {
        let src = "name = \"x\"\n[[kinds]]\nid = \"bank\"\ntitle = \"Bank\"\nrole = \"finance\"\n";
        let e = Profile::parse(src).unwrap_err();
        assert!(e.message.contains("finance"), "{}", e.message);
        assert!(
            e.message.contains("financial"),
            "the error lists the roles: {}",
            e.message
        );
        assert_eq!(&src[e.span.clone().unwrap()], "\"finance\"");
        let ok = Profile::parse(&src.replace("finance", "financial")).unwrap();
        assert_eq!(ok.kinds[0].role(), KindRole::Financial);
        // Without a role, an id that names one is that role; any other id is `other`.
        let plain = Profile::parse("name = \"x\"\n[[kinds]]\nid = \"passport\"\ntitle = \"P\"\n[[kinds]]\nid = \"bank\"\ntitle = \"B\"\n").unwrap();
        assert_eq!(plain.kinds[0].role(), KindRole::Passport);
        assert_eq!(plain.kinds[1].role(), KindRole::Other);
    }

    #[test]
    fn extends_overrides_only_what_it_says() {
        let base = kz();
        let src = r#"
name = "mine"
extends = "kz-b1"
order = ["form", "passport"]

[limits]
statement_max_age_days = 30

[[kinds]]
id = "financial"
requirement = "required"
more_aliases = ["kontoauszug"]

[[kinds]]
id = "sponsor"
title = "Sponsor_Letter"
role = "financial"
"#;
        let p = Profile::parse(src).unwrap();
        assert_eq!(p.name, "mine");
        assert_eq!(p.limits.statement_max_age_days, Some(30));
        assert_eq!(
            p.limits.passport_validity_months,
            base.limits.passport_validity_months
        );
        assert_eq!(p.photo.min_px, base.photo.min_px);
        let ids: Vec<&str> = p.kinds.iter().map(|k| k.id.as_str()).collect();
        let mut want: Vec<&str> = vec!["form", "passport"];
        want.extend(
            base.kinds
                .iter()
                .map(|k| k.id.as_str())
                .filter(|i| !matches!(*i, "form" | "passport")),
        );
        want.push("sponsor");
        assert_eq!(ids, want);
        let fin = &p.kinds[p.kind_index("financial").unwrap()];
        let base_fin = &base.kinds[base.kind_index("financial").unwrap()];
        assert_eq!(fin.requirement, Requirement::Required);
        assert_eq!(fin.title, base_fin.title);
        assert_eq!(fin.aliases.len(), base_fin.aliases.len() + 1);
        assert_eq!(
            p.kind_of("Kontoauszug").map(|k| k.id.as_str()),
            Some("financial")
        );
        assert_eq!(
            p.kind_of("Sponsor_Letter").map(|k| k.role()),
            Some(KindRole::Financial)
        );
    }

    #[test]
    fn extends_names_a_builtin() {
        let e = Profile::parse("name = \"x\"\nextends = \"kz-b2\"\n").unwrap_err();
        assert!(e.message.contains("kz-b1"), "{}", e.message);
        assert!(e.span.is_some());
        let e =
            Profile::parse("name = \"x\"\nextends = \"kz-b1\"\norder = [\"visa\"]\n").unwrap_err();
        assert!(e.message.contains("visa"), "{}", e.message);
    }

    #[test]
    fn builtins_extend_kz_b1_yet_differ_where_their_sources_do() {
        let kz = kz();
        for (name, _) in &BUILTIN[1..] {
            let p = Profile::builtin(name).unwrap();
            let own = |p: &Profile| format!("{:?} {:?} {:?}", p.limits, p.photo, p.kinds);
            assert_ne!(own(&p), own(&kz), "{name} came out as kz-b1");
        }
        let schengen = Profile::builtin("schengen-c").unwrap();
        assert_eq!(schengen.kinds[1].id, "form");
        assert_eq!(schengen.limits.passport_validity_months, Some(3));
        assert_eq!(schengen.scan.min_dpi, kz.scan.min_dpi);
    }
}
