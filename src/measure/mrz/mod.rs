//! The machine-readable zone read from pixels: where it is, and what each cell looks like.
//!
//! MRZ text is fixed-pitch OCR-B in a 37-character alphabet, so a dedicated reader beats
//! a general OCR: [`recognise`] finds 2 or 3 parallel lines of regular glyph-sized blobs
//! (in either orientation of the page), resamples each line upright at a fixed pitch,
//! cuts fixed-pitch cells and scores every cell against templates of every character.
//! It decides nothing about fields: choosing a digit or a letter per position, and the
//! check digits, belong to the words layer (`extract::mrz_cells`).

mod cells;
mod glyphs;
mod locate;

pub use glyphs::MRZ_ALPHABET;

use std::borrow::Cow;

use crate::measure::{Gray, resample_area};

/// One character's score for a cell: normalised cross-correlation with its template, -1..1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// The character, one of [`MRZ_ALPHABET`].
    pub ch: char,
    /// Correlation with the character's best-matching template (1 = identical).
    pub score: f32,
}

/// One fixed-pitch cell of a zone line: every character of the alphabet, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct MrzCell {
    /// All 37 characters with their scores, highest first.
    pub ranked: Vec<Candidate>,
}

impl MrzCell {
    fn from_scores(scores: &[f32; 37]) -> MrzCell {
        let mut ranked: Vec<Candidate> = MRZ_ALPHABET
            .iter()
            .zip(scores)
            .map(|(&ch, &score)| Candidate { ch, score })
            .collect();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
        MrzCell { ranked }
    }

    /// The best-scoring character of any kind.
    pub fn best(&self) -> Candidate {
        self.ranked[0]
    }

    /// The best-scoring character that `allowed` accepts (a digit, a letter, `<`...).
    pub fn best_where(&self, allowed: impl Fn(char) -> bool) -> Option<Candidate> {
        self.ranked.iter().copied().find(|c| allowed(c.ch))
    }

    /// The score of one character (-1 when it is not in the alphabet).
    pub fn score_of(&self, ch: char) -> f32 {
        self.ranked
            .iter()
            .find(|c| c.ch == ch)
            .map_or(-1.0, |c| c.score)
    }
}

/// How far the text is turned clockwise from upright, in quarter turns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rotation {
    /// Upright.
    Deg0,
    /// Turned a quarter clockwise: the lines read downward.
    Deg90,
    /// Upside down.
    Deg180,
    /// Turned a quarter counter-clockwise: the lines read upward.
    Deg270,
}

impl Rotation {
    /// The turn in degrees (0, 90, 180, 270).
    pub fn degrees(self) -> u16 {
        match self {
            Rotation::Deg0 => 0,
            Rotation::Deg90 => 90,
            Rotation::Deg180 => 180,
            Rotation::Deg270 => 270,
        }
    }
}

/// A zone found in an image: its cells line by line, where it is and how it lies.
#[derive(Debug, Clone, PartialEq)]
pub struct MrzCells {
    /// Lines top to bottom as read upright; 2 x 44 (TD3), 2 x 36 (TD2) or 3 x 30 (TD1) cells.
    pub lines: Vec<Vec<MrzCell>>,
    /// Corners of the zone in image pixels, in reading order: top-left, top-right,
    /// bottom-right, bottom-left of the upright text.
    pub corners: [(f32, f32); 4],
    /// The page's quarter turn.
    pub rotation: Rotation,
    /// The tilt left after the quarter turn, degrees clockwise (-45..45).
    pub skew_degrees: f32,
    /// Character pitch in image pixels (30 at 300 dpi).
    pub pitch_px: f32,
    /// Mean over cells of the best candidate's score: how much the zone looks like OCR-B.
    pub score: f32,
    /// Width and height of the image searched, in pixels.
    pub image: (usize, usize),
}

impl MrzCells {
    /// The axis-aligned box around the zone in image pixels: x, y, width, height.
    pub fn bounds(&self) -> (f32, f32, f32, f32) {
        let xs = self.corners.map(|c| c.0);
        let ys = self.corners.map(|c| c.1);
        let (x0, x1) = (
            xs.iter().copied().fold(f32::INFINITY, f32::min),
            xs.iter().copied().fold(f32::NEG_INFINITY, f32::max),
        );
        let (y0, y1) = (
            ys.iter().copied().fold(f32::INFINITY, f32::min),
            ys.iter().copied().fold(f32::NEG_INFINITY, f32::max),
        );
        (x0, y0, x1 - x0, y1 - y0)
    }

    /// Each line's corners (as [`MrzCells::corners`]) in fractions of the image searched,
    /// top line first: the zone cut into equal bands along its height.
    pub fn line_quads(&self) -> Vec<[(f64, f64); 4]> {
        let (w, h) = (self.image.0.max(1) as f64, self.image.1.max(1) as f64);
        let at = |(x, y): (f32, f32)| (f64::from(x) / w, f64::from(y) / h);
        let [tl, tr, br, bl] = self.corners.map(at);
        let lerp =
            |a: (f64, f64), b: (f64, f64), t: f64| (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
        let n = self.lines.len().max(1) as f64;
        (0..self.lines.len())
            .map(|i| {
                let (t0, t1) = (i as f64 / n, (i + 1) as f64 / n);
                [
                    lerp(tl, bl, t0),
                    lerp(tr, br, t0),
                    lerp(tr, br, t1),
                    lerp(tl, bl, t1),
                ]
            })
            .collect()
    }

    /// The best character of every cell, line by line: a first look, not a decoding.
    pub fn best_lines(&self) -> Vec<String> {
        self.lines
            .iter()
            .map(|l| l.iter().map(|c| c.best().ch).collect())
            .collect()
    }
}

/// Detection runs on the page box-reduced to about this many pixels on its long side:
/// an A4 page at 300 dpi (30 px per character) halves to 15 px, still well readable.
const DETECTION_LONG_SIDE: f32 = 1800.0;

/// Proposals read in full, best-supported first: more only costs time on busy pages.
const MAX_PROPOSALS: usize = 6;

/// Below this mean best score a proposal is text of another font, or no text.
const MIN_ZONE_SCORE: f32 = 0.55;

/// Why no zone was read from an image: what a person can do about it differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Miss {
    /// The image is too small for a zone's characters to be 10 px wide.
    TooSmall,
    /// Lines of zone-like glyphs run into the edge of the image.
    CutOff,
    /// Zone-shaped lines were found, but their characters do not read as OCR-B.
    Unreadable,
    /// Nothing like a zone anywhere in the image.
    NotFound,
}

impl Miss {
    /// The reason in plain words, for a finding.
    pub fn reason(self) -> &'static str {
        match self {
            Miss::TooSmall => {
                "the image is too small to read it: its characters are only a few pixels wide"
            }
            Miss::CutOff => "it is cut off at the edge of the image",
            Miss::Unreadable => {
                "its two lines were found but could not be read: blurred, glared or covered"
            }
            Miss::NotFound => {
                "no zone was found: the two lines of letters, digits and `<` at the foot of the data page"
            }
        }
    }
}

impl Miss {
    /// The reason's id in JSON evidence.
    pub fn as_str(self) -> &'static str {
        match self {
            Miss::TooSmall => "too-small",
            Miss::CutOff => "cut-off",
            Miss::Unreadable => "unreadable",
            Miss::NotFound => "not-found",
        }
    }

    /// What to do about it, for a finding's help line.
    pub fn help(self) -> &'static str {
        match self {
            Miss::TooSmall => {
                "scan the passport's data page at 300 dpi, or photograph it so that it fills the frame"
            }
            Miss::CutOff => {
                "scan or photograph the whole data page, with a margin around it: the two lines at its foot are read by machine"
            }
            Miss::Unreadable => {
                "scan the data page again: flat, in focus, with no glare or finger across the two lines at its foot"
            }
            Miss::NotFound => {
                "include the passport's data page (the page with the photo), whole, with the two lines at its foot"
            }
        }
    }
}

/// The shortest long side, in pixels, at which a zone's 44 characters can be 5 px wide
/// (the reader's floor): the zone spans 90 % of a data page's 125 mm.
const MIN_LONG_SIDE: usize = 250;

/// Below this pitch at full resolution, glyphs are too few pixels to tell apart.
const MIN_PITCH: f32 = 5.5;

/// Finds and reads the machine-readable zone of a page image, or None when there is none.
///
/// Wants the character pitch at 10-40 px after the detection reduction: the full
/// resolution of a phone photo or of a 150-600 dpi scan; at 150 dpi the pitch is 15 px.
pub fn recognise(gray: &Gray) -> Option<MrzCells> {
    find(gray).ok()
}

/// [`recognise`], saying why when no zone was read.
pub fn find(gray: &Gray) -> Result<MrzCells, Miss> {
    if gray.width < 48 || gray.height < 24 || gray.data.len() != gray.width * gray.height {
        return Err(Miss::TooSmall);
    }
    let long = gray.width.max(gray.height) as f32;
    let k = ((long / DETECTION_LONG_SIDE).round() as usize).max(1);
    let det: Cow<Gray> = if k > 1 {
        Cow::Owned(resample_area(gray, 1.0 / k as f64))
    } else {
        Cow::Borrowed(gray)
    };
    let mut surveys = Vec::new();
    let mut read_any = false;
    let mut best = None;
    for &ratio in &locate::INK_RATIOS {
        let survey = locate::propose(&det, ratio);
        let mut found: Option<cells::Reading> = None;
        for p in survey.proposals.iter().take(MAX_PROPOSALS) {
            let Some(r) = cells::read(gray, &det, p, k as f32) else {
                continue;
            };
            read_any = true;
            if found.as_ref().is_none_or(|b| r.mean_best > b.mean_best) {
                found = Some(r);
            }
        }
        best = found.filter(|b| b.mean_best >= MIN_ZONE_SCORE);
        surveys.push(survey);
        if best.is_some() {
            break;
        }
    }
    let Some(best) = best else {
        return Err(explain_miss(gray, &det, k as f32, &surveys, read_any));
    };
    let angle = best.direction.1.atan2(best.direction.0).to_degrees();
    let quarter = ((angle / 90.0).round() as i32).rem_euclid(4);
    let skew = angle - 90.0 * (angle / 90.0).round();
    let rotation = match quarter {
        0 => Rotation::Deg0,
        1 => Rotation::Deg90,
        2 => Rotation::Deg180,
        _ => Rotation::Deg270,
    };
    Ok(MrzCells {
        lines: best
            .scores
            .iter()
            .map(|l| l.iter().map(MrzCell::from_scores).collect())
            .collect(),
        corners: best.corners,
        rotation,
        skew_degrees: skew,
        pitch_px: best.pitch,
        score: best.mean_best,
        image: (gray.width, gray.height),
    })
}

/// Why no zone was read, from what the surveys saw: a line of zone length that runs
/// into the image's edge (or whose partner would lie beyond it) is a cut-off zone;
/// lines too fine to read are too small; a zone read but not like OCR-B is unreadable.
fn explain_miss(gray: &Gray, det: &Gray, k: f32, surveys: &[locate::Survey], read: bool) -> Miss {
    if gray.width.max(gray.height) < MIN_LONG_SIDE {
        return Miss::TooSmall;
    }
    let zone_length = |cells: f32| [44.0, 36.0, 30.0].iter().any(|n| (cells - n).abs() <= 3.5);
    let lines = surveys.iter().flat_map(|s| &s.lines);
    let mut fine = false;
    for (line, transposed) in lines.clone() {
        let (fw, fh) = if *transposed {
            (det.height as f32, det.width as f32)
        } else {
            (det.width as f32, det.height as f32)
        };
        let p = line.pitch;
        let y = line.mid_y();
        let edge = y.min(fh - y);
        let runs_off = line.x_left < 0.5 * p || line.x_right > fw - 0.5 * p;
        if edge < 0.9 * p || (runs_off && line.cells() >= 24.0) {
            return Miss::CutOff;
        }
        if zone_length(line.cells()) && edge < 2.5 * p {
            let partnered = lines.clone().any(|(o, t)| {
                t == transposed
                    && (o.mid_y() - y).abs() > 1.0 * p
                    && (o.mid_y() - y).abs() < 4.0 * p
                    && (o.pitch / p - 1.0).abs() < 0.15
            });
            if !partnered {
                return Miss::CutOff;
            }
        }
        fine |= zone_length(line.cells()) && line.pitch * k < MIN_PITCH;
    }
    if fine {
        Miss::TooSmall
    } else if read {
        Miss::Unreadable
    } else {
        Miss::NotFound
    }
}

#[cfg(test)]
mod tests;
