//! The levels a calibration maps a history's groups to, as the History tab lets the user write
//! them: one line per level, frontline first, `Level name: group, group`. Merging groups is
//! listing them on one line; ordering levels is ordering lines. A line without a colon is one
//! group as a level of its own name. Groups left out are mapped as the calibration proposes.

use std::collections::BTreeMap;

use crate::engine::calibrate::Options;
use crate::engine::problem::near_match;

/// The text of a proposal's levels, one line each.
pub fn text(levels: &[(String, Vec<String>)]) -> String {
    levels
        .iter()
        .map(|(level, groups)| {
            if groups.len() == 1 && groups[0] == *level {
                level.clone()
            } else {
                format!("{level}: {}", groups.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Calibration options from the lines written, on top of `base` (its cap and utilization): the
/// merges and the order. `known` are the history's groups; an unknown group, a group on two
/// lines or a level named twice is refused with the line it is on.
pub fn options(text: &str, known: &[&str], base: &Options) -> Result<Options, String> {
    let mut merge: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (level, groups) = match line.split_once(':') {
            Some((level, groups)) => (
                level.trim().to_string(),
                groups.split(',').map(|g| g.trim().to_string()).filter(|g| !g.is_empty()).collect(),
            ),
            None => (line.to_string(), vec![line.to_string()]),
        };
        if level.is_empty() {
            return Err(format!("line {line_no}: name the level before the colon (“Tier 1: {}”)", groups.join(", ")));
        }
        if order.contains(&level) {
            return Err(format!("line {line_no}: the level “{level}” is named on an earlier line too"));
        }
        if groups.is_empty() {
            return Err(format!("line {line_no}: list the groups of “{level}” after the colon"));
        }
        for g in &groups {
            if !known.contains(&g.as_str()) {
                let hint =
                    near_match(g, known.iter().copied()).map(|m| format!("; did you mean “{m}”?")).unwrap_or_default();
                return Err(format!("line {line_no}: no group “{g}” in the history{hint}"));
            }
            if let Some(first) = seen.insert(g.clone(), line_no) {
                return Err(format!(
                    "line {line_no}: the group “{g}” is on line {first} too; a group belongs to one level"
                ));
            }
        }
        if !(groups.len() == 1 && groups[0] == level) {
            merge.insert(level.clone(), groups);
        }
        order.push(level);
    }
    let max_levels = base.max_levels.max(order.len());
    Ok(Options { merge, order: (!order.is_empty()).then_some(order), max_levels, ..base.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: [&str; 4] = ["Service Desk", "Network", "Database", "Group 7"];

    fn levels() -> Vec<(String, Vec<String>)> {
        vec![
            ("Service Desk".into(), vec!["Service Desk".into()]),
            ("Tier 2".into(), vec!["Database".into(), "Network".into()]),
        ]
    }

    #[test]
    fn the_text_of_levels_reads_back_as_the_same_merges_and_order() {
        let written = text(&levels());
        assert_eq!(written, "Service Desk\nTier 2: Database, Network");
        let o = options(&written, &KNOWN, &Options::default()).unwrap();
        assert_eq!(o.order, Some(vec!["Service Desk".to_string(), "Tier 2".to_string()]));
        assert_eq!(o.merge.len(), 1);
        assert_eq!(o.merge["Tier 2"], vec!["Database".to_string(), "Network".to_string()]);
        assert_eq!(o.max_levels, 8);
    }

    #[test]
    fn lines_are_refused_with_where_and_what() {
        let cases = [
            ("Tier 2: Netwrok", "line 1: no group “Netwrok” in the history; did you mean “Network”?"),
            ("A: Network\nB: Network", "line 2: the group “Network” is on line 1 too; a group belongs to one level"),
            ("A: Network\n\nA: Database", "line 3: the level “A” is named on an earlier line too"),
            (": Network", "line 1: name the level before the colon (“Tier 1: Network”)"),
            ("A: , ", "line 1: list the groups of “A” after the colon"),
            ("Nothing like it", "line 1: no group “Nothing like it” in the history"),
        ];
        for (text, message) in cases {
            assert_eq!(options(text, &KNOWN, &Options::default()), Err(message.to_string()), "{text}");
        }
    }

    #[test]
    fn more_lines_than_the_cap_raise_it_and_keep_the_rest_of_the_base() {
        let base = Options { max_levels: 2, target_utilization: 0.7, ..Options::default() };
        let o = options("Service Desk\nNetwork\nDatabase", &KNOWN, &base).unwrap();
        assert_eq!(o.max_levels, 3);
        assert_eq!(o.target_utilization, 0.7);
        assert!(o.merge.is_empty());
        assert_eq!(options("", &KNOWN, &base).unwrap().order, None);
    }
}
