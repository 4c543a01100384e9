//! The mapping's hand reader against serde's derive for the same struct (the reader it replaces):
//! the same mapping for every object the derive accepts, the same message for every one it
//! refuses.

use super::Mapping;

/// The mapping as serde's derive reads it (named alike: the derive names it in messages).
mod derived {
    use serde::Deserialize;

    #[derive(Debug, Default, Deserialize)]
    #[serde(default, deny_unknown_fields)]
    pub struct Mapping {
        pub ticket_id: String,
        pub event_time: Option<String>,
        pub opened: Option<String>,
        pub resolved: Option<String>,
        pub closed: Option<String>,
        pub priority: Option<String>,
        pub impact: Option<String>,
        pub urgency: Option<String>,
        pub category: Option<String>,
        pub group: Option<String>,
        pub state: Option<String>,
        pub resolved_states: Vec<String>,
        pub reopens: Option<String>,
        pub made_sla: Option<String>,
    }
}

impl From<derived::Mapping> for Mapping {
    fn from(d: derived::Mapping) -> Self {
        Mapping {
            ticket_id: d.ticket_id,
            event_time: d.event_time,
            opened: d.opened,
            resolved: d.resolved,
            closed: d.closed,
            priority: d.priority,
            impact: d.impact,
            urgency: d.urgency,
            category: d.category,
            group: d.group,
            state: d.state,
            resolved_states: d.resolved_states,
            reopens: d.reopens,
            made_sla: d.made_sla,
        }
    }
}

#[test]
fn reads_as_the_derive_does() {
    let every_field = r#"{"ticket_id": "number", "event_time": "sys_updated_at", "opened": "opened_at",
        "resolved": "resolved_at", "closed": "closed_at", "priority": "priority", "impact": "impact",
        "urgency": "urgency", "category": "category", "group": "assignment_group", "state": "incident_state",
        "resolved_states": ["Resolved", "Closed"], "reopens": "reopen_count", "made_sla": "made_sla"}"#;
    let cases = [
        every_field,
        "{}",
        r#"{"ticket_id": "Id"}"#,
        r#"{"ticket_id": "Id", "opened": "Created at", "group": null}"#,
        r#"{"opened": "Created", "ticket_id": "Issue key", "resolved_states": []}"#,
        // Refused: a field it does not know, twice the same field, a wrong type, a list.
        r#"{"ticket_id": "Id", "team": "Group"}"#,
        r#"{"ticket_id": "Id", "opened": "a", "opened": "b"}"#,
        r#"{"ticket_id": "Id", "ticket_id": "Key"}"#,
        r#"{"ticket_id": 7}"#,
        r#"{"ticket_id": null}"#,
        r#"{"ticket_id": "Id", "priority": 3}"#,
        r#"{"ticket_id": "Id", "resolved_states": "Resolved"}"#,
        r#"{"ticket_id": "Id", "resolved_states": ["Resolved", 2]}"#,
        r#"{"ticket_id": "Id", "reopens": ["a"]}"#,
        r#"{"ticket_id": "Id", "priority": "P""#,
        r#""ticket_id""#,
        "null",
        r#"["Id"]"#,
    ];
    for case in cases {
        let ours = serde_json::from_str::<Mapping>(case).map_err(|e| e.to_string());
        let derived = serde_json::from_str::<derived::Mapping>(case).map(Mapping::from).map_err(|e| e.to_string());
        match (&ours, &derived) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{case}"),
            // The derive also reads a list of the fields in order, which no scenario holds: a list
            // is refused as what it is.
            (Err(a), _) if case.starts_with('[') => {
                assert!(a.starts_with("invalid type: sequence, expected struct Mapping"), "{case}: {a}");
            }
            (Err(a), Err(b)) => assert_eq!(a, b, "{case}"),
            (a, b) => panic!("{case}: read as {a:?}, the derive as {b:?}"),
        }
    }
}

#[test]
fn reads_what_it_writes() {
    let mapping = Mapping {
        ticket_id: "number".into(),
        event_time: Some("sys_updated_at".into()),
        group: Some("assignment_group".into()),
        resolved_states: vec!["Resolved".into(), "Closed".into()],
        made_sla: Some("made_sla".into()),
        ..Mapping::default()
    };
    let text = serde_json::to_string(&mapping).unwrap();
    assert_eq!(
        text,
        r#"{"ticket_id":"number","event_time":"sys_updated_at","group":"assignment_group","resolved_states":["Resolved","Closed"],"made_sla":"made_sla"}"#
    );
    assert_eq!(serde_json::from_str::<Mapping>(&text).unwrap(), mapping);
}
