//! Finding candidate zones: dark glyph-sized blobs, chained into straight lines of
//! regular pitch, grouped into 2 or 3 parallel lines of the same length.
//!
//! Works on a detection image (the page, box-reduced when it is large) and knows nothing
//! of the characters: [`super::cells`] cuts and reads what this proposes.

use crate::measure::Gray;

/// A connected blob of ink, in continuous coordinates (pixel `i` covers `[i, i + 1)`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Blob {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Blob {
    fn w(&self) -> f32 {
        self.x1 - self.x0
    }
    fn h(&self) -> f32 {
        self.y1 - self.y0
    }
    fn cx(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
    fn cy(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
    fn transposed(&self) -> Blob {
        Blob {
            x0: self.y0,
            y0: self.x0,
            x1: self.y1,
            y1: self.x1,
        }
    }
}

/// A straight chain of blobs in a frame where it runs along +x: its centre line
/// `y = a + b x` from `x_left` to `x_right`, its median glyph height and pitch.
#[derive(Debug, Clone, Copy)]
pub(super) struct TextLine {
    pub a: f32,
    pub b: f32,
    pub x_left: f32,
    pub x_right: f32,
    pub height: f32,
    pub pitch: f32,
    pub blobs: usize,
}

impl TextLine {
    fn y_at(&self, x: f32) -> f32 {
        self.a + self.b * x
    }
    fn length(&self) -> f32 {
        self.x_right - self.x_left
    }
    /// The centre line's height halfway along.
    pub(super) fn mid_y(&self) -> f32 {
        self.y_at((self.x_left + self.x_right) / 2.0)
    }
    /// Cells the line spans at its pitch: the first glyph's left edge to the last's
    /// right edge is (n - 1) pitches plus one glyph (about 0.68 pitch in OCR-B).
    pub(super) fn cells(&self) -> f32 {
        self.length() / self.pitch + 0.32
    }
}

/// A zone proposed in a detection frame: its lines top to bottom in that frame, the
/// characters per line, and whether the frame is the image transposed.
#[derive(Debug, Clone)]
pub(super) struct Proposal {
    pub lines: Vec<TextLine>,
    pub chars: usize,
    pub transposed: bool,
}

/// Pixels darker than this share (percent) of their neighbourhood's mean are ink: paper,
/// pattern print and shade stay above it, print and pen go below it, under uneven light
/// too. The first keeps glyphs of bold or blurred print apart; the second, tried when
/// the first finds no zone, still sees thin or faint print.
pub(super) const INK_RATIOS: [u64; 2] = [70, 80];

/// The ink mask: each pixel against the mean of the `(2r+1)²` box around it (clipped
/// at the borders), by running column sums so each pixel costs a few additions.
pub(super) fn ink_mask(g: &Gray, radius: usize, ratio: u64) -> Vec<bool> {
    let (w, h) = (g.width, g.height);
    let mut mask = vec![false; w * h];
    if w == 0 || h == 0 {
        return mask;
    }
    // Column sums over rows [top, bottom) of the current band.
    let mut cols = vec![0u32; w];
    let (mut top, mut bottom) = (0usize, 0usize);
    let mut prefix = vec![0u32; w + 1];
    for y in 0..h {
        let (want_top, want_bottom) = (y.saturating_sub(radius), (y + radius + 1).min(h));
        while bottom < want_bottom {
            for (c, &v) in cols.iter_mut().zip(g.row(bottom)) {
                *c += u32::from(v);
            }
            bottom += 1;
        }
        while top < want_top {
            for (c, &v) in cols.iter_mut().zip(g.row(top)) {
                *c -= u32::from(v);
            }
            top += 1;
        }
        for x in 0..w {
            prefix[x + 1] = prefix[x] + cols[x];
        }
        let rows = (bottom - top) as u64;
        let out = &mut mask[y * w..(y + 1) * w];
        let row = g.row(y);
        // 100 v < ratio * mean, and 12 levels below it: noise on dark ground is not ink.
        let is_ink = |v: u8, sum: u64, count: u64| {
            let v = u64::from(v);
            v * count * 100 < sum * ratio && (v + 12) * count < sum
        };
        // Inside the row the box is whole: one count, no clamping, a loop that vectorises.
        let (inner_from, inner_to) = (radius, w.saturating_sub(radius + 1));
        if inner_from < inner_to {
            let count = rows * (2 * radius + 1) as u64;
            let (ratio32, count32) = (ratio as u32, count as u32);
            let ahead = &prefix[inner_from + radius + 1..inner_to + radius + 1];
            let behind = &prefix[inner_from - radius..inner_to - radius];
            for (((m, &v), &hi), &lo) in out[inner_from..inner_to]
                .iter_mut()
                .zip(&row[inner_from..inner_to])
                .zip(ahead)
                .zip(behind)
            {
                // Fits u32: count <= 81 * 81 and sum <= count * 255.
                let (v, sum) = (u32::from(v), hi - lo);
                *m = v * count32 * 100 < sum * ratio32 && (v + 12) * count32 < sum;
            }
        }
        for x in (0..inner_from.min(w)).chain(inner_to.max(inner_from).min(w)..w) {
            let (xa, xb) = (x.saturating_sub(radius), (x + radius + 1).min(w));
            let sum = u64::from(prefix[xb] - prefix[xa]);
            out[x] = is_ink(row[x], sum, rows * (xb - xa) as u64);
        }
    }
    mask
}

/// Connected blobs (8-connected, so the thin diagonals of `<`, `V`, `X` hold together)
/// of the mask, by runs and union-find.
pub(super) fn blobs(mask: &[bool], w: usize, h: usize) -> Vec<Blob> {
    // Runs of each row: (row, start, end exclusive).
    let mut runs: Vec<(u32, u32, u32)> = Vec::new();
    let mut row_start = vec![0usize; h + 1];
    for y in 0..h {
        row_start[y] = runs.len();
        let row = &mask[y * w..(y + 1) * w];
        let mut x = 0;
        while x < w {
            if row[x] {
                let s = x;
                while x < w && row[x] {
                    x += 1;
                }
                runs.push((y as u32, s as u32, x as u32));
            } else {
                x += 1;
            }
        }
    }
    row_start[h] = runs.len();
    let mut parent: Vec<u32> = (0..runs.len() as u32).collect();
    fn find(parent: &mut [u32], mut i: u32) -> u32 {
        while parent[i as usize] != i {
            let p = parent[parent[i as usize] as usize];
            parent[i as usize] = p;
            i = p;
        }
        i
    }
    for y in 1..h {
        let (prev, cur) = (
            row_start[y - 1]..row_start[y],
            row_start[y]..row_start[y + 1],
        );
        let mut j = prev.start;
        for i in cur {
            let (_, s, e) = runs[i];
            // Previous-row runs are sorted; skip those ending before this one starts
            // (touching at a corner counts as connected).
            while j < prev.end && runs[j].2 < s {
                j += 1;
            }
            let mut k = j;
            while k < prev.end && runs[k].1 <= e {
                let (a, b) = (find(&mut parent, i as u32), find(&mut parent, k as u32));
                if a != b {
                    parent[a.max(b) as usize] = a.min(b);
                }
                k += 1;
            }
        }
    }
    let mut index = vec![u32::MAX; runs.len()];
    let mut out: Vec<(Blob, u32)> = Vec::new();
    for (i, &(y, s, e)) in runs.iter().enumerate() {
        let r = find(&mut parent, i as u32) as usize;
        let (y, s, e) = (y as f32, s as f32, e as f32);
        if index[r] == u32::MAX {
            index[r] = out.len() as u32;
            out.push((
                Blob {
                    x0: s,
                    y0: y,
                    x1: e,
                    y1: y + 1.0,
                },
                0,
            ));
        }
        let (b, count) = &mut out[index[r] as usize];
        b.x0 = b.x0.min(s);
        b.x1 = b.x1.max(e);
        b.y1 = b.y1.max(y + 1.0);
        *count += e as u32 - s as u32;
    }
    out.into_iter()
        .filter(|(b, count)| {
            // Solid blocks (a photo, a bar) and hairlines are no glyph.
            let fill = *count as f32 / (b.w() * b.h());
            b.w().max(b.h()) >= 4.0 && fill < 0.8
        })
        .map(|(b, _)| b)
        .collect()
}

/// Glyph heights the reader accepts in the detection image (px).
const MIN_GLYPH: f32 = 5.0;
const MAX_GLYPH: f32 = 90.0;

/// The text lines of blobs running along +x: each blob linked to its nearest right
/// neighbour of about its height on about its centre line.
pub(super) fn lines(blobs: &[Blob]) -> Vec<TextLine> {
    let mut glyphs: Vec<Blob> = blobs
        .iter()
        .copied()
        .filter(|b| {
            let h = b.h();
            let density_ok = b.w() <= 45.0 * h;
            (MIN_GLYPH..=MAX_GLYPH).contains(&h) && density_ok
        })
        .collect();
    glyphs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let n = glyphs.len();
    let mut next = vec![usize::MAX; n];
    let mut prev_cost = vec![f32::INFINITY; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        let a = glyphs[i];
        // Up to about two glyphs of gap: a faint glyph lost to the mask must not cut the line.
        let reach = a.x1 + 2.2 * a.h();
        let mut best = (f32::INFINITY, usize::MAX);
        for (j, b) in glyphs.iter().enumerate().skip(i + 1) {
            if b.x0 > reach {
                break;
            }
            if b.x0 < a.x0 + 1.0 || b.x0 < a.x1 - 0.25 * a.h() {
                continue;
            }
            let ratio = b.h() / a.h();
            let dy = (b.cy() - a.cy()).abs();
            if !(0.6..=1.7).contains(&ratio) || dy > 0.3 * a.h().max(b.h()) {
                continue;
            }
            let cost = (b.x0 - a.x1).max(0.0) + 2.0 * dy;
            if cost < best.0 {
                best = (cost, j);
            }
        }
        let (cost, j) = best;
        if j != usize::MAX && cost < prev_cost[j] {
            // A blob has one predecessor: the closest claim wins.
            if prev[j] != usize::MAX {
                next[prev[j]] = usize::MAX;
            }
            prev[j] = i;
            prev_cost[j] = cost;
            next[i] = j;
        }
    }
    let mut chains: Vec<Vec<Blob>> = Vec::new();
    for start in 0..n {
        if prev[start] != usize::MAX {
            continue;
        }
        let mut chain = vec![glyphs[start]];
        let mut k = start;
        while next[k] != usize::MAX {
            k = next[k];
            chain.push(glyphs[k]);
        }
        if chain.len() >= 3 {
            chains.push(chain);
        }
    }
    join_chains(&mut chains);
    chains
        .iter_mut()
        .filter_map(|chain| {
            trim_ends(chain);
            (chain.len() >= 8).then(|| fit_line(chain)).flatten()
        })
        .collect()
}

/// Joins chains that continue one another: a faint or touching glyph breaks a link,
/// and an MRZ line must be read whole.
fn join_chains(chains: &mut Vec<Vec<Blob>>) {
    chains.sort_by(|a, b| a[0].x0.total_cmp(&b[0].x0));
    let mut i = 0;
    while i < chains.len() {
        let last = chains[i][chains[i].len() - 1];
        let found = chains.iter().enumerate().skip(i + 1).find(|(_, c)| {
            let first = c[0];
            let gap = first.x0 - last.x1;
            let h = last.h().max(first.h());
            (-0.3 * h..=2.2 * h).contains(&gap)
                && (first.cy() - last.cy()).abs() <= 0.35 * h
                && (0.6..=1.7).contains(&(first.h() / last.h()))
        });
        match found {
            Some((j, _)) => {
                let tail = chains.remove(j);
                chains[i].extend(tail);
            }
            None => i += 1,
        }
    }
}

/// Drops end blobs separated from the line by more than glyph spacing: a card edge, a
/// stamp or a printed label beside the zone is no MRZ cell.
fn trim_ends(chain: &mut Vec<Blob>) {
    let Some(height) = median(chain.iter().map(Blob::h).collect()) else {
        return;
    };
    // Fixed pitch leaves at most about 0.6 pitch (two narrow glyphs) between glyphs.
    let too_far = |a: &Blob, b: &Blob| b.x0 - a.x1 > 0.9 * height;
    while chain.len() >= 2 && too_far(&chain[0], &chain[1]) {
        chain.remove(0);
    }
    while chain.len() >= 2 && too_far(&chain[chain.len() - 2], &chain[chain.len() - 1]) {
        chain.pop();
    }
}

fn median(mut v: Vec<f32>) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f32::total_cmp);
    Some(v[v.len() / 2])
}

fn fit_line(members: &[Blob]) -> Option<TextLine> {
    let height = median(members.iter().map(Blob::h).collect())?;
    // Only glyph-wide blobs give the pitch: merged runs of filler would stretch it.
    let single = |b: &Blob| b.w() <= 1.05 * height;
    let steps: Vec<f32> = members
        .windows(2)
        .filter(|p| single(&p[0]) && single(&p[1]))
        .map(|p| p[1].cx() - p[0].cx())
        .collect();
    if steps.len() < 4 {
        return None;
    }
    let pitch = median(steps)?;
    // Least squares on the centres of glyph-wide blobs (merged ones sit on the line too).
    let (mut n, mut sx, mut sy, mut sxx, mut sxy) = (0.0f32, 0.0, 0.0, 0.0, 0.0);
    let x_ref = members[0].cx();
    for b in members {
        let (x, y) = (b.cx() - x_ref, b.cy());
        n += 1.0;
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
    }
    let den = n * sxx - sx * sx;
    if den.abs() < 1e-6 {
        return None;
    }
    let b = (n * sxy - sx * sy) / den;
    let a = (sy - b * sx) / n - b * x_ref;
    let x_left = members.iter().map(|m| m.x0).fold(f32::INFINITY, f32::min);
    let x_right = members
        .iter()
        .map(|m| m.x1)
        .fold(f32::NEG_INFINITY, f32::max);
    let line = TextLine {
        a,
        b,
        x_left,
        x_right,
        height,
        pitch,
        blobs: members.len(),
    };
    // An MRZ line is 30 to 44 cells; a pitch of about the glyph height, as in OCR-B.
    let plausible = (24.0..=50.0).contains(&line.cells())
        && (0.7..=1.6).contains(&(pitch / height))
        && b.abs() < 0.2;
    plausible.then_some(line)
}

/// Groups parallel lines of the same extent into 2- or 3-line zones.
pub(super) fn proposals(lines: &[TextLine], transposed: bool) -> Vec<Proposal> {
    let mut sorted: Vec<TextLine> = lines.to_vec();
    sorted.sort_by(|a, b| a.mid_y().total_cmp(&b.mid_y()));
    let compatible = |u: &TextLine, v: &TextLine| {
        let p = (u.pitch + v.pitch) / 2.0;
        let x = (u.x_left + u.x_right) / 2.0;
        let gap = v.y_at(x) - u.y_at(x);
        (u.b - v.b).abs() < 0.02
            && (u.pitch / v.pitch - 1.0).abs() < 0.12
            // Loose: a line of mostly filler is a little lower than one of digits.
            && (u.height / v.height - 1.0).abs() < 0.45
            && (u.x_left - v.x_left).abs() < 1.6 * p
            && (u.x_right - v.x_right).abs() < 1.6 * p
            && (1.2 * p..=4.0 * p).contains(&gap)
    };
    let mut out = Vec::new();
    for i in 0..sorted.len() {
        for j in i + 1..sorted.len() {
            if !compatible(&sorted[i], &sorted[j]) {
                continue;
            }
            let pair = [sorted[i], sorted[j]];
            let cells = (pair[0].cells() + pair[1].cells()) / 2.0;
            for chars in [44usize, 36] {
                if (cells - chars as f32).abs() <= 3.5 {
                    out.push(Proposal {
                        lines: pair.to_vec(),
                        chars,
                        transposed,
                    });
                }
            }
            for k in j + 1..sorted.len() {
                if !compatible(&sorted[j], &sorted[k]) {
                    continue;
                }
                let triple = [sorted[i], sorted[j], sorted[k]];
                let cells = triple.iter().map(TextLine::cells).sum::<f32>() / 3.0;
                if (cells - 30.0).abs() <= 3.0 {
                    out.push(Proposal {
                        lines: triple.to_vec(),
                        chars: 30,
                        transposed,
                    });
                }
            }
        }
    }
    out
}

/// What the detection image holds at one ink ratio: the zone proposals, and every text
/// line of zone-like length (in its frame), from which a miss is explained.
pub(super) struct Survey {
    /// Zone proposals, longer chains of blobs first.
    pub proposals: Vec<Proposal>,
    /// Each plausible line with whether its frame is the image transposed.
    pub lines: Vec<(TextLine, bool)>,
}

/// Every zone proposal of the image, in both orientations of the text lines, with ink
/// at `ratio` (one of [`INK_RATIOS`]).
pub(super) fn propose(det: &Gray, ratio: u64) -> Survey {
    let radius = (det.width.min(det.height) / 40).clamp(7, 40);
    let mask = ink_mask(det, radius, ratio);
    let found = blobs(&mask, det.width, det.height);
    let upright = lines(&found);
    let mut out = proposals(&upright, false);
    let turned: Vec<Blob> = found.iter().map(Blob::transposed).collect();
    let across = lines(&turned);
    out.extend(proposals(&across, true));
    // Longer chains of blobs first: a zone of separate glyphs beats a chain of noise.
    out.sort_by_key(|p| std::cmp::Reverse(p.lines.iter().map(|l| l.blobs).sum::<usize>()));
    let lines = upright
        .into_iter()
        .map(|l| (l, false))
        .chain(across.into_iter().map(|l| (l, true)))
        .collect();
    Survey {
        proposals: out,
        lines,
    }
}

impl TextLine {
    /// The centre-line points at the left and right ends, in the frame.
    pub(super) fn ends(&self) -> ((f32, f32), (f32, f32)) {
        (
            (self.x_left, self.y_at(self.x_left)),
            (self.x_right, self.y_at(self.x_right)),
        )
    }
}
