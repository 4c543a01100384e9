//! How often each trigger and rule acted: the matrix's wait timers, the trigger list and the
//! rules, per replication, with those that never acted flagged (a dead rule is usually a
//! condition that cannot hold, or a timer longer than issues ever wait).

use yew::prelude::*;

use super::ReportProps;
use super::common;
use crate::ui::format;

#[component]
pub fn FiredCounts(props: &ReportProps) -> Html {
    let report = &props.report;
    if report.triggers.is_empty() {
        return Html::default();
    }
    let most = report.triggers.iter().map(|t| t.fired).fold(0.0, f64::max).max(1e-9);
    let body = html! {
        <ul class="fired-list">
            { for report.triggers.iter().map(|t| {
                let dead = t.fired == 0.0;
                let width = format!("width: {:.1}%", 100.0 * t.fired / most);
                html! {
                    <li class={classes!("fired-row", dead.then_some("dead"))} data-trigger={t.trigger.clone()}>
                        <span class="fired-name">{ &t.trigger }</span>
                        <span class="fired-bar" aria-hidden="true"><span style={width}></span></span>
                        <span class="fired-count">{ if dead { "never".to_string() } else { format::trim(t.fired, 1) } }</span>
                    </li>
                }
            }) }
        </ul>
    };
    common::panel(
        "fired-counts",
        "Rules and triggers fired",
        "Times each acted, per replication: the matrix's wait timers, the triggers list and the rules. One that never acted is flagged.",
        body,
    )
}
