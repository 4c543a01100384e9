//! The scenarios the app offers to start from, compiled in (the app makes no network request).

/// A preset: its key (also its file name in `static/scenarios/`), a title and the JSON text.
pub struct Preset {
    pub key: &'static str,
    pub title: &'static str,
    pub text: &'static str,
}

pub const PRESETS: &[Preset] = &[
    Preset {
        key: "blank",
        title: "Blank: one level, one category, one priority",
        text: include_str!("../../static/scenarios/blank.json"),
    },
    Preset {
        key: "billing-dispute",
        title: "Call-centre billing disputes: agent → team lead → finance",
        text: include_str!("../../static/scenarios/billing-dispute.json"),
    },
    Preset {
        key: "retail-complaints",
        title: "Retail complaints reach the regional manager within 24 h",
        text: include_str!("../../static/scenarios/retail-complaints.json"),
    },
    Preset {
        key: "it-outage",
        title: "IT network outage burst, 48 h escalation to a senior technician",
        text: include_str!("../../static/scenarios/it-outage.json"),
    },
    Preset {
        key: "project-shortage",
        title: "Project resource shortage escalated to a director",
        text: include_str!("../../static/scenarios/project-shortage.json"),
    },
    Preset {
        key: "hr-harassment",
        title: "HR cases: harassment claims skip to HR/legal",
        text: include_str!("../../static/scenarios/hr-harassment.json"),
    },
    Preset { key: "b1", title: "B1 reference benchmark", text: include_str!("../../static/scenarios/b1.json") },
    Preset {
        key: "b1-rules",
        title: "B1 with its timers written as rules",
        text: include_str!("../../static/scenarios/b1-rules.json"),
    },
    Preset { key: "b1-mmc", title: "B1 as one M/M/c level", text: include_str!("../../static/scenarios/b1-mmc.json") },
    Preset {
        key: "b1-stress",
        title: "B1 under stress (overloaded)",
        text: include_str!("../../static/scenarios/b1-stress.json"),
    },
];

/// The preset shown on a first visit.
pub const DEFAULT: &str = "billing-dispute";

pub fn find(key: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.key == key)
}
