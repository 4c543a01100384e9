//! What an embed shows besides charts and where its scenario comes from: the view (`view=`),
//! Try an issue's chosen issue (`issue=`), and the checks of a scenario file beside the page
//! (`src=`).

use super::{escape, unescape};
use crate::engine::Document;
use crate::engine::walk::WalkThrough;

/// What an embed shows above its charts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// The charts alone.
    #[default]
    Charts,
    /// The escalation matrix (priority × level).
    Matrix,
    /// The rule text.
    Rules,
    /// Try an issue: one issue walked through the scenario step by step.
    Try,
}

impl View {
    /// Every view with the name its address uses.
    pub const ALL: [(View, &'static str); 4] =
        [(View::Charts, "charts"), (View::Matrix, "matrix"), (View::Rules, "rules"), (View::Try, "try")];

    pub fn name(self) -> &'static str {
        View::ALL.iter().find(|(v, _)| *v == self).map_or("charts", |(_, n)| n)
    }
}

/// The issue of `issue=…`: comma-separated `key:value` pairs, each part percent-encoded on its
/// own (a comma or colon in a name is `%2C` or `%3A`); the keys `category`, `priority`, `at`
/// (when it arrives, `2h`) and `seed`, and any other key an attribute set to its value. What is
/// not given is drawn, as in the app.
pub fn issue_from_text(raw: &str) -> Result<WalkThrough, String> {
    let mut issue = WalkThrough { at: "0m".into(), ..WalkThrough::default() };
    for pair in raw.split(',').filter(|p| !p.is_empty()) {
        let Some((key, value)) = pair.split_once(':') else {
            return Err(format!(
                "the issue's part \"{}\" is not key:value (issue=category:billing,priority:P1,at:2h)",
                unescape(pair)
            ));
        };
        let (key, value) = (unescape(key), unescape(value));
        match key.as_str() {
            "category" => issue.category = value,
            "priority" => issue.priority = value,
            "at" => issue.at = value,
            "seed" => {
                issue.seed =
                    value.parse().map_err(|_| format!("the issue's seed \"{value}\" is not a whole number"))?;
            }
            _ => {
                issue.attributes.insert(key, value);
            }
        }
    }
    Ok(issue)
}

/// The issue as `issue=` writes it (the reverse of [`issue_from_text`]).
pub fn issue_text(issue: &WalkThrough) -> String {
    let mut parts = Vec::new();
    for (key, value) in [("category", &issue.category), ("priority", &issue.priority), ("at", &issue.at)] {
        if !value.is_empty() {
            parts.push(format!("{key}:{}", escape(value)));
        }
    }
    if issue.seed != 0 {
        parts.push(format!("seed:{}", issue.seed));
    }
    parts.extend(issue.attributes.iter().map(|(k, v)| format!("{}:{}", escape(k).replace(':', "%3A"), escape(v))));
    parts.join(",")
}

/// Whether Try an issue's chosen issue fits `doc`: its category, priority and attributes exist.
pub(super) fn check_issue(issue: &WalkThrough, doc: &Document) -> Result<(), String> {
    let names = |list: Vec<&str>, what: &str, name: &str| {
        if name.is_empty() || list.contains(&name) {
            Ok(())
        } else {
            Err(format!("the issue's {what} \"{name}\" is not in the scenario (it has {})", list.join(", ")))
        }
    };
    names(doc.categories.iter().map(|c| c.name.as_str()).collect(), "category", &issue.category)?;
    names(doc.priorities.iter().map(|p| p.name.as_str()).collect(), "priority", &issue.priority)?;
    for (attribute, value) in &issue.attributes {
        let Some(a) = doc.attributes.iter().find(|a| a.name == *attribute) else {
            let known: Vec<&str> = doc.attributes.iter().map(|a| a.name.as_str()).collect();
            return Err(format!(
                "the issue's \"{attribute}\" is neither category, priority, at, seed nor an attribute of the scenario ({})",
                if known.is_empty() { "it has none".to_string() } else { known.join(", ") }
            ));
        };
        names(a.values.keys().map(String::as_str).collect(), &format!("{attribute} value"), value)?;
    }
    Ok(())
}

/// The scenario of a `src=` file, read from its text: the document as the editor holds it and
/// as the engine reads it, or why it cannot be shown (it is not JSON, or not a valid scenario:
/// the first errors at their paths).
pub fn read_source(name: &str, text: &str) -> Result<(serde_json::Value, Document), String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Read once: the document is the one validated, and the one returned.
    let doc = crate::engine::parse(text);
    let problems = match &doc {
        Ok(d) => crate::engine::validate(d).problems,
        Err(p) => vec![p.clone()],
    };
    let errors: Vec<String> = problems.iter().filter(|p| p.is_error()).map(ToString::to_string).collect();
    if !errors.is_empty() {
        let more = if errors.len() > 3 { format!(" (and {} more)", errors.len() - 3) } else { String::new() };
        return Err(format!(
            "{name} is not a scenario this app can run: {}{more}",
            errors[..errors.len().min(3)].join("; ")
        ));
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("{name}: {e}"))?;
    let doc = doc.map_err(|p| format!("{name}: {}", p.message))?;
    Ok((value, doc))
}

/// Whether a `src=` file may be read: only from the page's own web server (the same origin,
/// over http or https), never from another site or a page opened from a file.
pub fn source_allowed(file_origin: &str, file_protocol: &str, page_origin: &str) -> Result<(), String> {
    if !matches!(file_protocol, "http:" | "https:") || page_origin == "null" {
        return Err("src= reads a scenario file from the page's own web server; a page opened from a file has none: \
                    carry the scenario in the address's fragment (#s=…, from Share link) instead"
            .into());
    }
    if file_origin != page_origin {
        return Err(format!(
            "src= reads only from the page's own site ({page_origin}), not from {file_origin}: copy the file beside the page"
        ));
    }
    Ok(())
}
