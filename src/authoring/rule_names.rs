//! The names a rule text may use, read from the edited scenario as it stands (a work in progress
//! too): levels, categories, priorities, calendars, attributes with their values, tags. The rule
//! editor's completion offers them and its explanations lower rules against them.

use serde_json::Value;

use crate::engine::rules::lower::Vocabulary;

/// The scenario's names, in the order it declares them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleNames {
    pub levels: Vec<String>,
    pub categories: Vec<String>,
    pub priorities: Vec<String>,
    /// Business calendars.
    pub calendars: Vec<String>,
    /// Attribute names (triage's `impact` and `urgency` among them when the scenario has triage).
    pub attributes: Vec<String>,
    /// Each attribute's values, beside `attributes`.
    pub values: Vec<Vec<String>>,
    pub tags: Vec<String>,
}

impl RuleNames {
    pub fn of(doc: &Value) -> RuleNames {
        let list = |pointer: &str| -> Vec<String> {
            doc.pointer(pointer)
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|i| i.get("name").and_then(Value::as_str))
                        .filter(|n| !n.is_empty())
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default()
        };
        let keys = |v: Option<&Value>| -> Vec<String> {
            v.and_then(Value::as_object).map(|m| m.keys().cloned().collect()).unwrap_or_default()
        };
        let mut attributes = Vec::new();
        let mut values = Vec::new();
        for a in doc.pointer("/attributes").and_then(Value::as_array).into_iter().flatten() {
            if let Some(name) = a.get("name").and_then(Value::as_str).filter(|n| !n.is_empty()) {
                attributes.push(name.to_string());
                values.push(keys(a.get("values")));
            }
        }
        if let Some(triage) = doc.get("triage") {
            // Impact and urgency read like attributes; their values are the matrix's rows and
            // columns (or the mixes' keys).
            let matrix = triage.get("matrix").and_then(Value::as_object);
            let mut impact = keys(triage.get("impact"));
            let mut urgency = keys(triage.get("urgency"));
            for (row, columns) in matrix.into_iter().flatten() {
                if !impact.contains(row) {
                    impact.push(row.clone());
                }
                for column in keys(Some(columns)) {
                    if !urgency.contains(&column) {
                        urgency.push(column);
                    }
                }
            }
            attributes.extend(["impact", "urgency"].map(String::from));
            values.extend([impact, urgency]);
        }
        RuleNames {
            levels: list("/levels"),
            categories: list("/categories"),
            priorities: list("/priorities"),
            calendars: list("/calendars"),
            attributes,
            values,
            tags: keys(doc.pointer("/workload/tags")),
        }
    }

    /// The names as the rule compiler takes them.
    pub fn vocabulary(&self) -> Vocabulary<'_> {
        Vocabulary {
            levels: &self.levels,
            categories: &self.categories,
            priorities: &self.priorities,
            calendars: &self.calendars,
            attributes: &self.attributes,
            tags: &self.tags,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn names_come_from_the_document_with_triage_as_attributes() {
        let doc = json!({
            "levels": [{"name": "L1"}, {"name": ""}, {"name": "L2"}],
            "priorities": [{"name": "P1"}],
            "categories": [{"name": "general"}],
            "calendars": [{"name": "office"}],
            "attributes": [{"name": "tier", "values": {"gold": 0.2, "basic": 0.8}}],
            "triage": {"matrix": {"high": {"high": "P1", "low": "P2"}, "low": {"low": "P3"}}},
            "workload": {"tags": {"lawsuit": 0.1}}
        });
        let n = RuleNames::of(&doc);
        assert_eq!(n.levels, ["L1", "L2"]);
        assert_eq!(n.attributes, ["tier", "impact", "urgency"]);
        assert_eq!(n.values, [vec!["gold", "basic"], vec!["high", "low"], vec!["high", "low"]]);
        assert_eq!(n.tags, ["lawsuit"]);
        assert_eq!(n.vocabulary().calendars, ["office"]);
        assert_eq!(RuleNames::of(&json!(3)), RuleNames::default());
    }
}
