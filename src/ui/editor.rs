//! The scenario editors: the escalation matrix at the centre, and beside it the level cards,
//! categories and paths, SLA targets, calendars, workload, triggers and run settings. Every
//! field of the scenario format is reachable here; the raw JSON view edits the same document.
//!
//! Every field is bound to the JSON pointer whose validation path is the one the engine reports,
//! so each problem shows beside the field it concerns. Edits that touch several places (a rename,
//! a matrix cell that splits a shared trigger) are made as one new document (`Action::Edit`).

mod categories;
mod common;
mod levels;
mod matrix;
mod mix;
mod quick_fix;
mod rule_assist;
mod rules;
mod run;
mod sla;
mod triggers;
mod walk;
mod windows;
mod workload;

use yew::prelude::*;

/// The matrix's wait timers, edited by the matrix and named by the other tabs' new items.
use crate::authoring::waits;
use crate::ui::raw::RawJson;

/// The editor tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Matrix,
    Levels,
    Categories,
    Sla,
    Workload,
    Triggers,
    Rules,
    Run,
    Json,
}

impl Tab {
    pub const ALL: [Tab; 9] = [
        Tab::Matrix,
        Tab::Levels,
        Tab::Categories,
        Tab::Sla,
        Tab::Workload,
        Tab::Triggers,
        Tab::Rules,
        Tab::Run,
        Tab::Json,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Matrix => "Matrix",
            Tab::Levels => "Levels",
            Tab::Categories => "Categories",
            Tab::Sla => "SLA & calendars",
            Tab::Workload => "Workload",
            Tab::Triggers => "Triggers",
            Tab::Rules => "Rules",
            Tab::Run => "Run settings",
            Tab::Json => "JSON",
        }
    }

    /// Short id used in DOM ids and tests.
    pub fn key(self) -> &'static str {
        match self {
            Tab::Matrix => "matrix",
            Tab::Levels => "levels",
            Tab::Categories => "categories",
            Tab::Sla => "sla",
            Tab::Workload => "workload",
            Tab::Triggers => "triggers",
            Tab::Rules => "rules",
            Tab::Run => "run",
            Tab::Json => "json",
        }
    }

    /// The tab whose fields show the problems at a validation path such as `levels[0].staff`.
    pub fn for_path(path: &str) -> Tab {
        let head = path.split(['.', '[']).next().unwrap_or("");
        match head {
            "levels" => Tab::Levels,
            "categories" => Tab::Categories,
            "sla" | "calendars" => Tab::Sla,
            "workload" | "triage" | "attributes" | "priorities" | "reopen" | "script" => Tab::Workload,
            "triggers" => Tab::Triggers,
            "rules" => Tab::Rules,
            "run" | "clock" | "name" | "description" | "version" => Tab::Run,
            _ => Tab::Json,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct EditorsProps {
    pub tab: Tab,
    pub on_tab: Callback<Tab>,
}

#[derive(Properties, PartialEq)]
pub struct EmbeddedProps {
    pub view: crate::authoring::embed::View,
    pub editable: bool,
    pub issue: Option<crate::engine::walk::WalkThrough>,
}

/// An editor shown alone in an embed: the matrix (its cells locked unless `editable`), the
/// rules (read-only unless `editable`: a disabled fieldset disables every control inside), or
/// Try an issue with its chosen issue walked at once (its choices change nothing in the scenario,
/// so they stay open).
#[component]
pub fn Embedded(props: &EmbeddedProps) -> Html {
    use crate::authoring::embed::View;
    let locked = !props.editable;
    match props.view {
        View::Matrix => html! { <matrix::MatrixTab on_tab={Callback::noop()} {locked} /> },
        View::Rules => html! { <fieldset class="embed-lock" disabled={locked}><rules::RulesTab /></fieldset> },
        View::Try => html! { <walk::TryIssue issue={props.issue.clone()} /> },
        View::Charts => Html::default(),
    }
}

/// The tab strip and the current tab's editor.
#[component]
pub fn Editors(props: &EditorsProps) -> Html {
    // Which references are whose after a rename to a taken name, across renames and tabs.
    let renames = use_memo((), |()| common::RenameMemory::default());
    let body = match props.tab {
        Tab::Matrix => html! { <matrix::MatrixTab on_tab={props.on_tab.clone()} /> },
        Tab::Levels => html! { <levels::LevelsTab /> },
        Tab::Categories => html! { <categories::CategoriesTab /> },
        Tab::Sla => html! { <sla::SlaTab /> },
        Tab::Workload => html! { <workload::WorkloadTab /> },
        Tab::Triggers => html! { <triggers::TriggersTab /> },
        Tab::Rules => html! { <rules::RulesTab /> },
        Tab::Run => html! { <run::RunTab /> },
        Tab::Json => html! { <RawJson /> },
    };
    // The tab strip is one stop for Tab; the arrow keys, Home and End move between tabs (WAI-ARIA
    // tabs pattern, automatic activation), and focus follows the selected tab.
    let on_key = {
        let (on_tab, tab) = (props.on_tab.clone(), props.tab);
        Callback::from(move |e: KeyboardEvent| {
            let at = Tab::ALL.iter().position(|&t| t == tab).unwrap_or(0);
            let Some(to) = crate::ui::focus::tab_key(&e.key(), at, Tab::ALL.len()) else { return };
            e.prevent_default();
            let next = Tab::ALL[to];
            on_tab.emit(next);
            crate::ui::focus::focus_quietly(&format!("tab-{}", next.key()));
        })
    };
    html! {
        <section class="editors">
            <div class="tabs" role="tablist" aria-label="Scenario editors" onkeydown={on_key}>
                { for Tab::ALL.iter().map(|&t| {
                    let on_tab = props.on_tab.clone();
                    let current = t == props.tab;
                    html! {
                        <button role="tab" id={format!("tab-{}", t.key())} aria-selected={current.to_string()}
                            tabindex={if current { "0" } else { "-1" }}
                            aria-controls="editor-panel" class={classes!("tab", current.then_some("active"))}
                            onclick={Callback::from(move |_| on_tab.emit(t))}>{ t.title() }</button>
                    }
                }) }
            </div>
            <div class="tab-panel" role="tabpanel" id="editor-panel" aria-labelledby={format!("tab-{}", props.tab.key())}>
                <ContextProvider<common::RenameMemory> context={(*renames).clone()}>{ body }</ContextProvider<common::RenameMemory>>
            </div>
        </section>
    }
}
