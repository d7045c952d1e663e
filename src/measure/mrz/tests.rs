//! The reader on the committed fixtures (fixtures/mrz/) and on images that hold no zone.

use super::*;

fn fixture(name: &str) -> Gray {
    let path = format!("{}/fixtures/mrz/{name}", env!("CARGO_MANIFEST_DIR"));
    let img = image::open(&path).expect(&path).to_luma8();
    Gray::new(img.width() as usize, img.height() as usize, img.into_raw())
}

fn truth() -> Vec<serde_json::Value> {
    let path = format!("{}/fixtures/mrz/truth.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect(&path);
    serde_json::from_str(&text).expect("truth.json")
}

#[test]
fn every_fixture_zone_is_found_with_its_shape_turn_and_pitch() {
    for record in truth() {
        let file = record["file"].as_str().unwrap();
        let lines: Vec<&str> = record["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap())
            .collect();
        if lines.is_empty() || record["readable"] == false {
            continue;
        }
        let gray = fixture(file);
        let cells = recognise(&gray).unwrap_or_else(|| panic!("{file}: no zone"));
        let widths: Vec<usize> = cells.lines.iter().map(Vec::len).collect();
        assert_eq!(widths, vec![lines[0].len(); lines.len()], "{file}");
        let turn = record["rotation_cw"].as_u64().unwrap();
        assert_eq!(u64::from(cells.rotation.degrees()), turn, "{file}");
        let px = record["px_per_char"].as_f64().unwrap() as f32;
        assert!(
            (cells.pitch_px / px - 1.0).abs() < 0.08,
            "{file}: pitch {}",
            cells.pitch_px
        );
        let tilt = record["tilt"].as_f64().unwrap() as f32;
        assert!(
            (cells.skew_degrees + tilt).abs() < 0.6,
            "{file}: skew {}",
            cells.skew_degrees
        );
        let (x, y, w, h) = cells.bounds();
        assert!(x >= -px && y >= -px, "{file}: {:?}", cells.bounds());
        assert!(x + w <= gray.width as f32 + px && y + h <= gray.height as f32 + px);
        // Most cells' best look is already the printed character (look-alikes aside).
        let same = cells
            .best_lines()
            .iter()
            .zip(&lines)
            .map(|(a, b)| a.chars().zip(b.chars()).filter(|(x, y)| x == y).count())
            .sum::<usize>();
        let total: usize = lines.iter().map(|l| l.len()).sum();
        assert!(same * 10 >= total * 9, "{file}: {:?}", cells.best_lines());
    }
}

#[test]
fn a_zone_not_read_says_why() {
    assert_eq!(find(&fixture("no-mrz.jpg")).err(), Some(Miss::NotFound));
    assert_eq!(find(&fixture("cut-td3.jpg")).err(), Some(Miss::CutOff));
    assert_eq!(find(&fixture("tiny-td3.jpg")).err(), Some(Miss::TooSmall));
}

#[test]
fn every_cell_ranks_the_whole_alphabet() {
    let cells = recognise(&fixture("phone-td3.jpg")).unwrap();
    for cell in cells.lines.iter().flatten() {
        assert_eq!(cell.ranked.len(), MRZ_ALPHABET.len());
        assert!(cell.ranked.windows(2).all(|w| w[0].score >= w[1].score));
        assert!(cell.best_where(|c| c.is_ascii_digit()).is_some());
        assert!(cell.score_of('<') >= -1.0);
    }
}

#[test]
fn a_page_without_a_zone_gives_none() {
    assert_eq!(recognise(&fixture("no-mrz.jpg")), None);
}

#[test]
fn degenerate_images_never_panic() {
    for (w, h) in [
        (0, 0),
        (1, 1),
        (5, 1000),
        (1000, 5),
        (47, 23),
        (48, 24),
        (64, 64),
    ] {
        for fill in [0u8, 255] {
            assert_eq!(
                recognise(&Gray::new(w, h, vec![fill; w * h])),
                None,
                "{w}x{h}"
            );
        }
    }
    // Noise, stripes and checkerboards of several sizes: no zone, no panic.
    let mut state = 0x9e37_79b9_u32;
    for (w, h) in [(300, 200), (1200, 90), (90, 1200), (640, 480)] {
        let noise: Vec<u8> = (0..w * h)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                (state >> 24) as u8
            })
            .collect();
        assert_eq!(recognise(&Gray::new(w, h, noise)), None);
        let stripes: Vec<u8> = (0..w * h)
            .map(|i| if (i % w) % 12 < 6 { 0 } else { 255 })
            .collect();
        let _ = recognise(&Gray::new(w, h, stripes));
        let checks: Vec<u8> = (0..w * h)
            .map(|i| {
                if ((i % w) / 9 + (i / w) / 11) % 2 == 0 {
                    20
                } else {
                    235
                }
            })
            .collect();
        let _ = recognise(&Gray::new(w, h, checks));
    }
}
