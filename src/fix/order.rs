//! The order `fix` numbers documents in: the profile's kinds, with every other document kept
//! beside the neighbour it follows now.

/// What the ordering needs to know about one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// The number the name carries now (`1_` and `001_` count as 1), if any.
    pub current: Option<u32>,
    /// The file name, the tie-break between equal numbers.
    pub name: String,
    /// The kind's position in the profile's order; `None` for a kind allowed anywhere
    /// (`fee`, `other`) and for a title of no known kind.
    pub rank: Option<usize>,
}

/// Indices into `slots` in the order the documents should be numbered.
///
/// 1. The documents' order now: by current number, then name; unnumbered ones last, by
///    name.
/// 2. Ranked documents are sorted by rank; equal ranks keep the order of step 1.
/// 3. An unranked document that has a number stays right after the ranked document it
///    follows now, so an extra filed after the invitation stays after the invitation; one
///    before every ranked document stays first.
/// 4. Unranked documents with no number go last, by name: "where they are now" means
///    nothing for them.
pub fn order(slots: &[Slot]) -> Vec<usize> {
    let mut now: Vec<usize> = (0..slots.len()).collect();
    now.sort_by(|&a, &b| {
        let key = |s: &Slot| (s.current.is_none(), s.current);
        key(&slots[a])
            .cmp(&key(&slots[b]))
            .then_with(|| slots[a].name.cmp(&slots[b].name))
    });

    struct Group {
        rank: usize,
        place: usize,
        members: Vec<usize>,
    }
    let mut lead = Vec::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut tail = Vec::new();
    for (place, &i) in now.iter().enumerate() {
        match (slots[i].rank, slots[i].current) {
            (Some(rank), _) => groups.push(Group {
                rank,
                place,
                members: vec![i],
            }),
            (None, None) => tail.push(i),
            (None, Some(_)) => match groups.last_mut() {
                Some(g) => g.members.push(i),
                None => lead.push(i),
            },
        }
    }
    groups.sort_by_key(|g| (g.rank, g.place));
    lead.into_iter()
        .chain(groups.into_iter().flat_map(|g| g.members))
        .chain(tail)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(current: Option<u32>, name: &str, rank: Option<usize>) -> Slot {
        Slot {
            current,
            name: name.into(),
            rank,
        }
    }

    fn names(slots: &[Slot]) -> Vec<&str> {
        order(slots)
            .into_iter()
            .map(|i| slots[i].name.as_str())
            .collect()
    }

    #[test]
    fn sorts_by_kind_rank() {
        let slots = [
            slot(Some(1), "01_Photo.jpg", Some(3)),
            slot(Some(2), "02_Passport.pdf", Some(1)),
            slot(Some(5), "05_Form.pdf", Some(2)),
        ];
        assert_eq!(
            names(&slots),
            ["02_Passport.pdf", "05_Form.pdf", "01_Photo.jpg"]
        );
    }

    #[test]
    fn same_kind_keeps_number_then_name_order() {
        let slots = [
            slot(Some(4), "04_Hotel.pdf", Some(8)),
            slot(Some(3), "03_Itinerary.pdf", Some(8)),
            slot(Some(3), "03_Flights.pdf", Some(8)),
            slot(None, "Flight itinerary.pdf", Some(8)),
            slot(Some(1), "01_Passport.pdf", Some(1)),
        ];
        assert_eq!(
            names(&slots),
            [
                "01_Passport.pdf",
                "03_Flights.pdf",
                "03_Itinerary.pdf",
                "04_Hotel.pdf",
                "Flight itinerary.pdf"
            ]
        );
    }

    #[test]
    fn unranked_documents_follow_their_neighbour() {
        // The fee receipt sits after the invitation now, the scan before everything.
        let slots = [
            slot(Some(1), "01_Scan_0042.pdf", None),
            slot(Some(2), "02_Invitation.pdf", Some(4)),
            slot(Some(3), "03_Fee_Receipt.pdf", None),
            slot(Some(4), "04_Passport.pdf", Some(1)),
            slot(Some(5), "05_Form.pdf", Some(2)),
        ];
        assert_eq!(
            names(&slots),
            [
                "01_Scan_0042.pdf",
                "04_Passport.pdf",
                "05_Form.pdf",
                "02_Invitation.pdf",
                "03_Fee_Receipt.pdf"
            ]
        );
    }

    #[test]
    fn unnumbered_unranked_documents_go_last() {
        let slots = [
            slot(None, "scan b.pdf", None),
            slot(None, "Scan a.pdf", None),
            slot(Some(2), "02_Form.pdf", Some(2)),
            slot(Some(1), "01_Passport.pdf", Some(1)),
        ];
        assert_eq!(
            names(&slots),
            ["01_Passport.pdf", "02_Form.pdf", "Scan a.pdf", "scan b.pdf"]
        );
    }

    #[test]
    fn empty_is_empty() {
        assert!(order(&[]).is_empty());
    }
}
