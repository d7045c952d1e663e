//! The index pages: a heading, what is known of the trip, and one table row per document,
//! laid out here and drawn by krilla, whose subsetted font keeps Cyrillic text real text.

use super::font::{BOLD, Face, REGULAR};
use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule};
use krilla::{Document, SerializeSettings};

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
const COLUMNS: [f32; 5] = [0.0, 28.0, 168.0, 273.0, 318.0];
const GAP: f32 = 6.0;

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
        let settings = SerializeSettings {
            // Only the pages are kept by the merge: metadata and tags would be dropped.
            xmp_metadata: false,
            enable_tagging: false,
            ..SerializeSettings::default()
        };
        let mut doc = Document::new_with(settings);
        let (first, next) = self.table_tops();
        let total = self.page_count();
        let mut rows = Vec::with_capacity(total);
        let mut at = 0;
        for number in 0..total {
            let top = if number == 0 { first } else { next };
            let end = (at + self.rows_on(top)).min(self.rows.len());
            let (w, h) = self.page;
            let settings = PageSettings::from_wh(w, h).ok_or("the page size is not positive")?;
            let mut page = doc.start_page_with(settings);
            let mut surface = page.surface();
            let mut s = Pen {
                surface: &mut surface,
                width: w,
            };
            if number == 0 {
                s.text(
                    &BOLD,
                    HEADING,
                    MARGIN,
                    TOP + HEADING,
                    &self.heading,
                    w - 2.0 * MARGIN,
                );
                let mut y = TOP + HEADING + 10.0;
                for line in &self.lines {
                    y += LINE;
                    s.text(&REGULAR, 10.0, MARGIN, y, line, w - 2.0 * MARGIN);
                }
            } else {
                let cont = format!("{} (continued)", self.heading);
                s.text(&BOLD, 12.0, MARGIN, TOP + 13.0, &cont, w - 2.0 * MARGIN);
            }
            let header = Row {
                number: "No.".into(),
                title: "Title".into(),
                kind: "Kind".into(),
                pages: "Pages".into(),
                file: "File".into(),
            };
            s.row(&BOLD, top, &header);
            s.rule(top + ROW - 3.0);
            let mut placed = Vec::with_capacity(end - at);
            for (i, row) in self.rows[at..end].iter().enumerate() {
                let y = top + ROW * (i + 1) as f32;
                if i % 2 == 1 {
                    s.band(y - 3.0);
                }
                s.row(&REGULAR, y, row);
                placed.push((
                    at + i,
                    [MARGIN, h - (y + ROW - 3.0), w - MARGIN, h - (y - 3.0)],
                ));
            }
            let footer = format!("Index page {} of {total} · made by dossier", number + 1);
            let fw = REGULAR.width(&footer, 8.0);
            s.text(
                &REGULAR,
                8.0,
                w - MARGIN - fw,
                h - BOTTOM / 2.0,
                &footer,
                fw + 1.0,
            );
            surface.finish();
            page.finish();
            rows.push(placed);
            at = end;
        }
        let pdf = doc
            .finish()
            .map_err(|e| format!("cannot draw the index page: {e:?}"))?;
        Ok(Drawn { pdf, rows })
    }
}

/// A krilla surface with the few strokes the index needs (y grows downwards).
struct Pen<'p, 's> {
    surface: &'p mut krilla::surface::Surface<'s>,
    width: f32,
}

impl Pen<'_, '_> {
    fn text(&mut self, face: &Face, size: f32, x: f32, baseline: f32, text: &str, max: f32) {
        let fitted = face.fit(text, size, max);
        if fitted.is_empty() {
            return;
        }
        let glyphs = face.glyphs(&fitted);
        self.surface.set_fill(Some(Fill::default()));
        self.surface.draw_glyphs(
            Point::from_xy(x, baseline),
            &glyphs,
            face.font.clone(),
            &fitted,
            size,
            false,
        );
    }

    fn row(&mut self, face: &Face, top: f32, row: &Row) {
        let cells = [&row.number, &row.title, &row.kind, &row.pages, &row.file];
        let right = self.width - 2.0 * MARGIN;
        for (i, cell) in cells.iter().enumerate() {
            let end = COLUMNS.get(i + 1).copied().unwrap_or(right);
            let max = (end - COLUMNS[i] - GAP).max(1.0);
            self.text(face, TEXT, MARGIN + COLUMNS[i], top + TEXT + 1.5, cell, max);
        }
    }

    fn fill_rect(&mut self, y: f32, height: f32, gray: u8) {
        let Some(rect) = Rect::from_xywh(MARGIN, y, self.width - 2.0 * MARGIN, height) else {
            return;
        };
        let mut path = PathBuilder::new();
        path.push_rect(rect);
        let Some(path) = path.finish() else { return };
        self.surface.set_fill(Some(Fill {
            paint: luma::Color::new(gray).into(),
            opacity: NormalizedF32::ONE,
            rule: FillRule::NonZero,
        }));
        self.surface.draw_path(&path);
    }

    /// A thin line under the header row.
    fn rule(&mut self, y: f32) {
        self.fill_rect(y, 0.6, 90);
    }

    /// The light band behind every other row.
    fn band(&mut self, y: f32) {
        self.fill_rect(y, ROW, 242);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(rows: usize) -> Index {
        Index {
            heading: "Document pack — Анна Эрикссон".into(),
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

    #[test]
    fn a_long_index_flows_onto_more_pages() {
        assert_eq!(index(12).page_count(), 1);
        let long = index(120);
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
