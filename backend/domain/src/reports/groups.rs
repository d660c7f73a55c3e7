//! The groups report's rules, pure: the most active participants of each imported group.

use std::collections::BTreeMap;

use uuid::Uuid;

/// Participants ranked per group unless asked otherwise, and at most.
pub const DEFAULT_TOP: usize = 5;
pub const MAX_TOP: usize = 50;

/// Messages of one span and group, counted by the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupMessageCount {
    /// Index of the span in the report's calendar.
    pub span: usize,
    pub group_id: Uuid,
    pub count: i64,
}

/// Messages one number wrote in one group, counted by the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SenderCount {
    pub group_id: Uuid,
    /// The writer's number (the channel's own number for what the team sent).
    pub number: String,
    /// The company's contact with that number, and its name, when there is one.
    pub contact_id: Option<Uuid>,
    pub name: Option<String>,
    pub count: i64,
}

/// A participant's place among its group's most active (1 the most).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankedSender {
    pub rank: usize,
    pub sender: SenderCount,
}

/// The `top` participants of each group who wrote the most, groups in id order; equal counts are
/// ordered by number, so that a ranking never changes between two readings.
pub fn top_senders(counts: Vec<SenderCount>, top: usize) -> Vec<RankedSender> {
    let mut per_group: BTreeMap<Uuid, Vec<SenderCount>> = BTreeMap::new();
    for count in counts {
        per_group.entry(count.group_id).or_default().push(count);
    }
    let mut ranked = Vec::new();
    for (_, mut senders) in per_group {
        senders.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.number.cmp(&b.number)));
        ranked.extend(
            senders.into_iter().take(top).enumerate().map(|(index, sender)| RankedSender { rank: index + 1, sender }),
        );
    }
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrote(group: u128, number: &str, count: i64) -> SenderCount {
        SenderCount { group_id: Uuid::from_u128(group), number: number.into(), contact_id: None, name: None, count }
    }

    #[test]
    fn the_most_active_first_in_each_group_ties_by_number() {
        let ranked = top_senders(
            vec![
                wrote(2, "+5511900000003", 1),
                wrote(1, "+5511900000002", 3),
                wrote(1, "+5511900000009", 7),
                wrote(1, "+5511900000001", 3),
                wrote(1, "+5511900000005", 1),
            ],
            3,
        );
        let read: Vec<(u128, usize, &str, i64)> = ranked
            .iter()
            .map(|r| (r.sender.group_id.as_u128(), r.rank, r.sender.number.as_str(), r.sender.count))
            .collect();
        assert_eq!(
            read,
            [
                (1, 1, "+5511900000009", 7),
                (1, 2, "+5511900000001", 3),
                (1, 3, "+5511900000002", 3),
                (2, 1, "+5511900000003", 1),
            ],
            "the fourth of group 1 left out"
        );
    }

    #[test]
    fn nobody_ranked_without_messages() {
        assert!(top_senders(Vec::new(), DEFAULT_TOP).is_empty());
        assert!(top_senders(vec![wrote(1, "+5511900000001", 2)], 0).is_empty());
    }
}
