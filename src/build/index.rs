//! The index pages: a heading, what is known of the trip, and one table row per document.
//! One layout pass places every piece of text and every grey fill; two painters turn it
//! into a PDF. When WinAnsiEncoding holds every string, the PDF is written here in the
//! base-14 Helvetica, which every reader has and nothing embeds (about 1 KB, some µs);
//! otherwise (Cyrillic, Kazakh, CJK) krilla draws it in embedded, subsetted DejaVu Sans,
//! which keeps that text real text (about 24 KB, 1.5 ms).

use super::base14::{self, Helvetica};
use super::font::{self, BOLD, Face, REGULAR};
use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule};
use krilla::{Document, SerializeSettings};
use lopdf::{Dictionary, Object, Stream};
use std::io::Write as _;

/// One table row: what the index says about a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Two-digit sequence number, or `—`.
    pub number: String,
    /// The title from the file name.
    pub title: String,
    /// The profile's name for its kind, or `—`.
    pub kind: String,
    /// Page range in the assembled file (`3–5`), or why it is not there.
    pub pages: String,
    /// The file name.
    pub file: String,
}

impl Row {
    fn cells(&self) -> [&str; 5] {
        [
            &self.number,
            &self.title,
            &self.kind,
            &self.pages,
            &self.file,
        ]
    }
}

/// What the index pages show.
#[derive(Debug, Clone)]
pub struct Index {
    /// The heading: `Document pack` and the applicant's name.
    pub heading: String,
    /// Lines under the heading: trip dates, purpose, profile.
    pub lines: Vec<String>,
    /// One per document.
    pub rows: Vec<Row>,
    /// Page size in points.
    pub page: (f32, f32),
}

/// The drawn index: a PDF of its pages, and where each row sits for its link.
pub struct Drawn {
    /// A complete PDF holding the index pages only.
    pub pdf: Vec<u8>,
    /// Per page: (row, rectangle in PDF user space `[x0, y0, x1, y1]`).
    pub rows: Vec<Vec<(usize, [f32; 4])>>,
}

const MARGIN: f32 = 50.0;
const TOP: f32 = 56.0;
const BOTTOM: f32 = 60.0;
const ROW: f32 = 16.0;
const TEXT: f32 = 9.0;
const HEADING: f32 = 17.0;
const LINE: f32 = 15.0;
/// Column starts from the left margin; the file column takes the rest of the width.
const COLUMNS: [f32; 5] = [0.0, 28.0, 162.0, 262.0, 318.0];
const GAP: f32 = 6.0;
/// The table's header row.
const HEADER: [&str; 5] = ["No.", "Title", "Kind", "Pages", "File"];

/// The typeface a whole index is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Typeface {
    /// The base-14 Helvetica, not embedded: WinAnsi text only.
    Helvetica,
    /// DejaVu Sans, embedded by krilla: any text.
    DejaVu,
}

/// Regular or bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Weight {
    Regular,
    Bold,
}

impl Weight {
    fn helvetica(self) -> Helvetica {
        match self {
            Weight::Regular => Helvetica::Regular,
            Weight::Bold => Helvetica::Bold,
        }
    }

    fn dejavu(self) -> &'static Face {
        match self {
            Weight::Regular => &REGULAR,
            Weight::Bold => &BOLD,
        }
    }
}

impl Typeface {
    /// The width of the text in points at this size.
    fn width(self, weight: Weight, text: &str, size: f32) -> f32 {
        match self {
            Typeface::Helvetica => weight.helvetica().width(text, size),
            Typeface::DejaVu => weight.dejavu().width(text, size),
        }
    }
}

/// A piece of text at its place, already shortened to fit.
#[derive(Debug, Clone, PartialEq)]
struct Run {
    weight: Weight,
    size: f32,
    x: f32,
    /// From the top of the page.
    baseline: f32,
    text: String,
}

/// What a page shows, in painting order; y grows downwards from the top of the page.
#[derive(Debug, Clone, PartialEq)]
enum Mark {
    Text(Run),
    /// A rectangle filled with a grey, 0 black to 255 white.
    Fill {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        gray: u8,
    },
}

/// One index page, laid out.
struct Page {
    marks: Vec<Mark>,
    /// As [`Drawn::rows`].
    rows: Vec<(usize, [f32; 4])>,
}

impl Index {
    /// Where the table's header row starts on the first page and on later pages.
    fn table_tops(&self) -> (f32, f32) {
        let first = TOP + HEADING + 10.0 + LINE * self.lines.len() as f32 + 14.0;
        let next = TOP + 13.0 + 14.0;
        (first, next)
    }

    fn rows_on(&self, table_top: f32) -> usize {
        let room = self.page.1 - BOTTOM - (table_top + ROW);
        ((room / ROW).floor() as usize).max(1)
    }

    /// How many pages the index takes (known before any page range is).
    pub fn page_count(&self) -> usize {
        let (first, next) = self.table_tops();
        let on_first = self.rows_on(first);
        if self.rows.len() <= on_first {
            return 1;
        }
        1 + (self.rows.len() - on_first).div_ceil(self.rows_on(next))
    }

    /// Draws the pages.
    pub fn draw(&self) -> Result<Drawn, String> {
        let (w, h) = self.page;
        if !(w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0) {
            return Err("the page size is not positive".into());
        }
        let face = self.typeface();
        let pages = self.layout(face);
        let pdf = match face {
            Typeface::Helvetica => self.paint_base14(&pages)?,
            Typeface::DejaVu => self.paint_krilla(&pages)?,
        };
        let rows = pages.into_iter().map(|p| p.rows).collect();
        Ok(Drawn { pdf, rows })
    }

    /// Helvetica when WinAnsi holds every string the index draws, else DejaVu. The fixed
    /// words (header, `(continued)`, the footer) are ASCII and `·`.
    fn typeface(&self) -> Typeface {
        let mut strings = std::iter::once(self.heading.as_str())
            .chain(self.lines.iter().map(String::as_str))
            .chain(self.rows.iter().flat_map(Row::cells));
        if strings.all(base14::encodable) {
            Typeface::Helvetica
        } else {
            Typeface::DejaVu
        }
    }

    /// Places everything the pages show, measured in the typeface.
    fn layout(&self, face: Typeface) -> Vec<Page> {
        let (first, next) = self.table_tops();
        let total = self.page_count();
        let (w, h) = self.page;
        let mut pages = Vec::with_capacity(total);
        let mut at = 0;
        for number in 0..total {
            let top = if number == 0 { first } else { next };
            let end = (at + self.rows_on(top)).min(self.rows.len());
            let mut s = Layout {
                face,
                width: w,
                marks: Vec::new(),
            };
            if number == 0 {
                let (x, max) = (MARGIN, w - 2.0 * MARGIN);
                s.text(Weight::Bold, HEADING, x, TOP + HEADING, &self.heading, max);
                let mut y = TOP + HEADING + 10.0;
                for line in &self.lines {
                    y += LINE;
                    s.text(Weight::Regular, 10.0, x, y, line, max);
                }
            } else {
                let cont = format!("{} (continued)", self.heading);
                s.text(
                    Weight::Bold,
                    12.0,
                    MARGIN,
                    TOP + 13.0,
                    &cont,
                    w - 2.0 * MARGIN,
                );
            }
            s.row(Weight::Bold, top, HEADER);
            s.rule(top + ROW - 3.0);
            let mut placed = Vec::with_capacity(end - at);
            for (i, row) in self.rows[at..end].iter().enumerate() {
                let y = top + ROW * (i + 1) as f32;
                if i % 2 == 1 {
                    s.band(y - 3.0);
                }
                s.row(Weight::Regular, y, row.cells());
                placed.push((
                    at + i,
                    [MARGIN, h - (y + ROW - 3.0), w - MARGIN, h - (y - 3.0)],
                ));
            }
            let footer = format!("Index page {} of {total} · made by dossier", number + 1);
            let fw = face.width(Weight::Regular, &footer, 8.0);
            let (x, baseline) = (w - MARGIN - fw, h - BOTTOM / 2.0);
            s.text(Weight::Regular, 8.0, x, baseline, &footer, fw + 1.0);
            pages.push(Page {
                marks: s.marks,
                rows: placed,
            });
            at = end;
        }
        pages
    }

    /// The pages in DejaVu Sans, drawn and subsetted by krilla.
    fn paint_krilla(&self, pages: &[Page]) -> Result<Vec<u8>, String> {
        let settings = SerializeSettings {
            // Only the pages are kept by the merge: metadata and tags would be dropped.
            xmp_metadata: false,
            enable_tagging: false,
            ..SerializeSettings::default()
        };
        let mut doc = Document::new_with(settings);
        let (w, h) = self.page;
        for laid in pages {
            let settings = PageSettings::from_wh(w, h).ok_or("the page size is not positive")?;
            let mut page = doc.start_page_with(settings);
            let mut surface = page.surface();
            for mark in &laid.marks {
                match mark {
                    Mark::Text(run) => {
                        let face = run.weight.dejavu();
                        surface.set_fill(Some(Fill::default()));
                        surface.draw_glyphs(
                            Point::from_xy(run.x, run.baseline),
                            &face.glyphs(&run.text),
                            face.font.clone(),
                            &run.text,
                            run.size,
                            false,
                        );
                    }
                    &Mark::Fill {
                        x,
                        y,
                        width,
                        height,
                        gray,
                    } => {
                        let Some(rect) = Rect::from_xywh(x, y, width, height) else {
                            continue;
                        };
                        let mut path = PathBuilder::new();
                        path.push_rect(rect);
                        let Some(path) = path.finish() else { continue };
                        surface.set_fill(Some(Fill {
                            paint: luma::Color::new(gray).into(),
                            opacity: NormalizedF32::ONE,
                            rule: FillRule::NonZero,
                        }));
                        surface.draw_path(&path);
                    }
                }
            }
            surface.finish();
            page.finish();
        }
        doc.finish()
            .map_err(|e| format!("cannot draw the index page: {e:?}"))
    }

    /// The pages in the base-14 Helvetica, written directly: two font dictionaries and a
    /// content stream per page, which is all a Latin index needs.
    fn paint_base14(&self, pages: &[Page]) -> Result<Vec<u8>, String> {
        let (w, h) = self.page;
        let mut doc = lopdf::Document::with_version("1.7");
        let tree = doc.new_object_id();
        let font = |weight: Weight| -> Dictionary {
            Dictionary::from_iter([
                ("Type", Object::Name(b"Font".to_vec())),
                ("Subtype", Object::Name(b"Type1".to_vec())),
                (
                    "BaseFont",
                    Object::Name(weight.helvetica().base_font().as_bytes().to_vec()),
                ),
                ("Encoding", Object::Name(b"WinAnsiEncoding".to_vec())),
            ])
        };
        let fonts = Dictionary::from_iter([
            (FONT_REGULAR, doc.add_object(font(Weight::Regular)).into()),
            (FONT_BOLD, doc.add_object(font(Weight::Bold)).into()),
        ]);
        let resources = doc.add_object(Dictionary::from_iter([("Font", Object::from(fonts))]));
        let mut kids: Vec<Object> = Vec::with_capacity(pages.len());
        for laid in pages {
            let mut stream = Stream::new(Dictionary::new(), content(&laid.marks, h)?);
            // Flate only when it pays (it does for any real page: about a third the size).
            stream
                .compress()
                .map_err(|e| format!("cannot compress the index page: {e}"))?;
            let contents = doc.add_object(stream);
            let page = Dictionary::from_iter([
                ("Type", Object::Name(b"Page".to_vec())),
                ("Parent", tree.into()),
                (
                    "MediaBox",
                    vec![0.into(), 0.into(), w.into(), h.into()].into(),
                ),
                ("Resources", resources.into()),
                ("Contents", contents.into()),
            ]);
            kids.push(doc.add_object(page).into());
        }
        let count = kids.len() as i64;
        doc.objects.insert(
            tree,
            Dictionary::from_iter([
                ("Type", Object::Name(b"Pages".to_vec())),
                ("Kids", kids.into()),
                ("Count", count.into()),
            ])
            .into(),
        );
        let catalog = doc.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Catalog".to_vec())),
            ("Pages", tree.into()),
        ]));
        doc.trailer.set("Root", catalog);
        let mut pdf = Vec::new();
        doc.save_to(&mut pdf)
            .map_err(|e| format!("cannot write the index page: {e}"))?;
        Ok(pdf)
    }
}

/// The resource names of the two weights in the base-14 page.
const FONT_REGULAR: &str = "F1";
const FONT_BOLD: &str = "F2";

/// A base-14 page's content stream: the marks in PDF space (y up from the bottom, `h` the
/// page's height), consecutive runs of text in one `BT` block, strings in WinAnsi bytes.
fn content(marks: &[Mark], h: f32) -> Result<Vec<u8>, String> {
    // `write!` to a Vec cannot fail: its results are dropped below.
    let mut out: Vec<u8> = Vec::with_capacity(64 * marks.len());
    // Graphics state carried across marks: fill grey and font, set only when they change.
    let mut gray = 0u8;
    let mut font: Option<(Weight, f32)> = None;
    // Where the current line starts inside a `BT` block, in hundredths of a point: `Td`
    // moves are relative to it, in whole hundredths so that they add up exactly.
    let mut line: Option<(i64, i64)> = None;
    for mark in marks {
        match mark {
            Mark::Text(run) => {
                let text = base14::encode(&run.text)
                    .ok_or_else(|| format!("`{}` is not WinAnsi text", run.text))?;
                if gray != 0 {
                    out.extend_from_slice(b"0 g\n");
                    gray = 0;
                }
                let (x0, y0) = line.unwrap_or_else(|| {
                    out.extend_from_slice(b"BT\n");
                    (0, 0)
                });
                if font != Some((run.weight, run.size)) {
                    let name = match run.weight {
                        Weight::Regular => FONT_REGULAR,
                        Weight::Bold => FONT_BOLD,
                    };
                    let _ = writeln!(out, "/{name} {} Tf", number(run.size, 2));
                    font = Some((run.weight, run.size));
                }
                let (x, y) = (hundredths(run.x), hundredths(h - run.baseline));
                let dx = number((x - x0) as f32 / 100.0, 2);
                let dy = number((y - y0) as f32 / 100.0, 2);
                let _ = write!(out, "{dx} {dy} Td (");
                line = Some((x, y));
                for byte in text {
                    if matches!(byte, b'(' | b')' | b'\\') {
                        out.push(b'\\');
                    }
                    out.push(byte);
                }
                out.extend_from_slice(b") Tj\n");
            }
            &Mark::Fill {
                x,
                y,
                width,
                height,
                gray: g,
            } => {
                if line.take().is_some() {
                    out.extend_from_slice(b"ET\n");
                }
                if gray != g {
                    let _ = writeln!(out, "{} g", number(f32::from(g) / 255.0, 3));
                    gray = g;
                }
                let (x, y) = (number(x, 2), number(h - (y + height), 2));
                let (width, height) = (number(width, 2), number(height, 2));
                let _ = writeln!(out, "{x} {y} {width} {height} re f");
            }
        }
    }
    if line.is_some() {
        out.extend_from_slice(b"ET\n");
    }
    Ok(out)
}

/// The value in whole hundredths of a point.
fn hundredths(v: f32) -> i64 {
    (v * 100.0).round() as i64
}

/// A PDF number with at most `places` decimals and no trailing zeros.
fn number(v: f32, places: usize) -> String {
    let text = format!("{v:.places$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    match text {
        "-0" => "0".to_string(),
        t => t.to_string(),
    }
}

/// Collects a page's marks in one typeface (y grows downwards).
struct Layout {
    face: Typeface,
    /// The page's width.
    width: f32,
    marks: Vec<Mark>,
}

impl Layout {
    /// The text at `x` on `baseline`, shortened with `…` to fit `max` points.
    fn text(&mut self, weight: Weight, size: f32, x: f32, baseline: f32, text: &str, max: f32) {
        let face = self.face;
        let fitted = font::shorten(text, max, |t| face.width(weight, t, size));
        if fitted.is_empty() {
            return;
        }
        self.marks.push(Mark::Text(Run {
            weight,
            size,
            x,
            baseline,
            text: fitted,
        }));
    }

    fn row(&mut self, weight: Weight, top: f32, cells: [&str; 5]) {
        let right = self.width - 2.0 * MARGIN;
        for (i, cell) in cells.iter().enumerate() {
            let end = COLUMNS.get(i + 1).copied().unwrap_or(right);
            let max = (end - COLUMNS[i] - GAP).max(1.0);
            let x = MARGIN + COLUMNS[i];
            self.text(weight, TEXT, x, top + TEXT + 1.5, cell, max);
        }
    }

    fn fill(&mut self, y: f32, height: f32, gray: u8) {
        let width = self.width - 2.0 * MARGIN;
        if width > 0.0 && height > 0.0 {
            self.marks.push(Mark::Fill {
                x: MARGIN,
                y,
                width,
                height,
                gray,
            });
        }
    }

    /// A thin line under the header row.
    fn rule(&mut self, y: f32) {
        self.fill(y, 0.6, 90);
    }

    /// The light band behind every other row.
    fn band(&mut self, y: f32) {
        self.fill(y, ROW, 242);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(rows: usize) -> Index {
        named("Document pack — Анна Эрикссон", rows)
    }

    fn named(heading: &str, rows: usize) -> Index {
        Index {
            heading: heading.into(),
            lines: vec!["Trip: 2026-05-20 to 2026-06-03".into()],
            rows: (0..rows)
                .map(|i| Row {
                    number: format!("{:02}", i + 1),
                    title: "Invitation Letter".into(),
                    kind: "Invitation".into(),
                    pages: format!("{}", i + 2),
                    file: format!("{:02}_Invitation_Letter.pdf", i + 1),
                })
                .collect(),
            page: (595.276, 841.89),
        }
    }

    fn contains(pdf: &[u8], what: &[u8]) -> bool {
        pdf.windows(what.len()).any(|w| w == what)
    }

    #[test]
    fn a_long_index_flows_onto_more_pages() {
        assert_eq!(index(12).page_count(), 1);
        // Both painters: a Cyrillic heading goes to krilla, a Latin one to Helvetica.
        for heading in [
            "Document pack — Анна Эрикссон",
            "Document pack — Anna Eriksson",
        ] {
            let long = named(heading, 120);
            let pages = long.page_count();
            assert!(pages >= 3, "{pages}");
            let drawn = long.draw().unwrap();
            assert_eq!(drawn.rows.len(), pages);
            let placed: Vec<usize> = drawn.rows.iter().flatten().map(|(r, _)| *r).collect();
            assert_eq!(placed, (0..120).collect::<Vec<_>>());
            let doc = lopdf::Document::load_mem(&drawn.pdf).unwrap();
            assert_eq!(doc.get_pages().len(), pages);
            // Rows stay inside the page and below one another.
            for page in &drawn.rows {
                for w in page.windows(2) {
                    assert!(w[1].1[1] < w[0].1[1]);
                }
                assert!(page.iter().all(|(_, r)| r[1] > 0.0 && r[3] < 841.89));
            }
        }
    }

    #[test]
    fn winansi_text_is_set_in_helvetica_and_anything_else_in_dejavu() {
        let mut latin = named("Document pack — José Müller-Škoda", 3);
        latin
            .lines
            .push("Purpose: Tagung… «Forum» – Zürich · Malmö".into());
        latin.rows[1].file = "02_Lettre_d'invitation_signée.pdf".into();
        assert_eq!(latin.typeface(), Typeface::Helvetica);
        // One letter WinAnsi lacks, anywhere the index draws, is enough.
        let elsewhere: [fn(&mut Index); 5] = [
            |i| i.heading.push('Ж'),
            // Latin, but not in WinAnsi.
            |i| i.rows[0].file = "01_Paszport_Łódź.pdf".into(),
            |i| i.lines[0].push('ж'),
            |i| i.rows[2].title = "Приглашение".into(),
            |i| i.rows[0].kind = "Виза".into(),
        ];
        for edit in elsewhere {
            let mut other = latin.clone();
            edit(&mut other);
            assert_eq!(other.typeface(), Typeface::DejaVu);
        }
    }

    #[test]
    fn a_latin_index_embeds_no_font() {
        let latin = named("Document pack — José Müller", 30);
        let drawn = latin.draw().unwrap();
        assert!(contains(&drawn.pdf, b"/BaseFont/Helvetica"));
        assert!(contains(&drawn.pdf, b"/BaseFont/Helvetica-Bold"));
        assert!(contains(&drawn.pdf, b"/WinAnsiEncoding"));
        assert!(!contains(&drawn.pdf, b"/FontFile"));
        // The same index, the same bytes.
        assert_eq!(latin.draw().unwrap().pdf, drawn.pdf);
        let cyrillic = index(30).draw().unwrap();
        assert!(contains(&cyrillic.pdf, b"/FontFile"));
    }

    #[test]
    fn both_typefaces_share_one_layout() {
        let mut latin = named("Document pack — Anna Eriksson", 60);
        latin.rows[4].file = "05_Letter_Of_Invitation_From_The_Host_Company_In_Almaty.pdf".into();
        let helvetica = latin.layout(Typeface::Helvetica);
        let dejavu = latin.layout(Typeface::DejaVu);
        assert_eq!(helvetica.len(), latin.page_count());
        assert_eq!(helvetica.len(), dejavu.len());
        for (h, d) in helvetica.iter().zip(&dejavu) {
            assert_eq!(h.rows, d.rows);
            assert_eq!(h.marks.len(), d.marks.len());
            let last = h.marks.len() - 1;
            for (i, pair) in h.marks.iter().zip(&d.marks).enumerate() {
                match pair {
                    (Mark::Text(a), Mark::Text(b)) => {
                        assert_eq!(
                            (a.weight, a.size, a.baseline),
                            (b.weight, b.size, b.baseline)
                        );
                        // Only the footer, set flush right, starts where its width says.
                        if i != last {
                            assert_eq!(a.x, b.x);
                        }
                    }
                    (a, b) => assert_eq!(a, b),
                }
            }
        }
        // The long name is cut in both, later in the narrower Helvetica.
        let cut = |pages: &[Page]| -> String {
            pages[0]
                .marks
                .iter()
                .find_map(|m| match m {
                    Mark::Text(r) if r.text.starts_with("05_") => Some(r.text.clone()),
                    _ => None,
                })
                .unwrap()
        };
        let (h, d) = (cut(&helvetica), cut(&dejavu));
        assert!(h.ends_with('…') && d.ends_with('…'), "{h} {d}");
        assert!(h.len() > d.len(), "{h} {d}");
        assert!(Helvetica::Regular.width(&h, TEXT) <= 1000.0);
    }

    #[test]
    fn a_base14_page_writes_winansi_bytes_and_escapes_parentheses() {
        let run = |text: &str| {
            Mark::Text(Run {
                weight: Weight::Regular,
                size: 9.0,
                x: 78.0,
                baseline: 100.0,
                text: text.into(),
            })
        };
        let marks = [
            run(r"Form (copy) \ é…"),
            Mark::Fill {
                x: 50.0,
                y: 103.0,
                width: 495.276,
                height: 16.0,
                gray: 242,
            },
        ];
        let stream = content(&marks, 841.89).unwrap();
        assert!(contains(
            &stream,
            b"/F1 9 Tf\n78 741.89 Td (Form \\(copy\\) \\\\ \xE9\x85) Tj\nET\n"
        ));
        assert!(contains(&stream, b"0.949 g\n50 722.89 495.28 16 re f\n"));
        assert!(content(&[run("Ж")], 841.89).is_err());
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(number(50.0, 2), "50");
        assert_eq!(number(741.889, 2), "741.89");
        assert_eq!(number(0.6, 2), "0.6");
        assert_eq!(number(-0.001, 2), "0");
        assert_eq!(number(-318.0, 2), "-318");
        assert_eq!(number(90.0 / 255.0, 3), "0.353");
    }
}
