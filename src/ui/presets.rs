//! The scenarios the app offers to start from, compiled in (the app makes no network request).

/// A preset: its key (also its file name in `static/scenarios/`), a title and the JSON text.
pub struct Preset {
    pub key: &'static str,
    pub title: &'static str,
    pub text: &'static str,
}

pub const PRESETS: &[Preset] = &[
    Preset { key: "b1", title: "B1 reference benchmark", text: include_str!("../../static/scenarios/b1.json") },
    Preset { key: "b1-mmc", title: "B1 as one M/M/c level", text: include_str!("../../static/scenarios/b1-mmc.json") },
    Preset {
        key: "b1-stress",
        title: "B1 under stress (overloaded)",
        text: include_str!("../../static/scenarios/b1-stress.json"),
    },
];

/// The preset shown on a first visit.
pub const DEFAULT: &str = "b1";

pub fn find(key: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.key == key)
}
