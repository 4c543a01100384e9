//! The Workload tab: what arrives and how it is prioritised. Arrival rate and weekly profile,
//! bursts, scheduled issues, the script of set events, the priorities themselves, the priority
//! mix, triage (impact × urgency), issue attributes and reopens. The arrival rate, priorities,
//! attributes and reopens are here; the weekly profile in `profile.rs`, bursts and scheduled
//! issues in `arrivals.rs`, the script in `script.rs`, triage in `triage.rs`.

mod arrivals;
mod profile;
mod script;
mod triage;

use serde_json::{Map, Value, json};
use yew::prelude::*;

use self::arrivals::{Bursts, Scheduled};
use self::profile::{ProfileEditor, profile_of};
use self::script::Script;
use self::triage::Triage;
use super::common::{
    AddButton, ItemControls, NameField, Optional, fresh_name, items, name_of, names, number, priorities,
};
use super::mix::{Keys, Linked, MixEditor};
use crate::engine::rename::NameKind;
use crate::ui::fields::{Distribution, Field, Kind, SectionProblems, use_store};
use crate::ui::format::{count, trim};

#[component]
pub fn WorkloadTab() -> Html {
    let store = use_store();
    let sections = [
        ("wl-arrivals", "Arrivals"),
        ("wl-priorities", "Priorities"),
        ("wl-profile", "Weekly profile"),
        ("wl-bursts", "Bursts"),
        ("wl-scheduled", "Scheduled issues"),
        ("wl-script", "Script"),
        ("wl-attributes", "Attributes"),
        ("wl-tags", "Tags"),
        ("wl-triage", "Triage"),
        ("wl-reopen", "Reopens"),
    ];
    let prios = priorities(&store.doc);
    let even: Map<String, Value> = {
        let n = prios.len().max(1) as f64;
        prios.iter().map(|(p, _)| (p.clone(), json!((1.0 / n * 1e4).round() / 1e4))).collect()
    };
    html! {
        <section class="editor-section workload-tab" aria-labelledby="workload-title">
            <header class="section-head">
                <h2 id="workload-title">{ "Workload" }</h2>
                <nav class="toc" aria-label="Workload sections">
                    { for sections.iter().map(|(id, t)| html! { <a href={format!("#{id}")}>{ *t }</a> }) }
                </nav>
            </header>
            <section class="subsection" id="wl-arrivals" aria-labelledby="wl-arrivals-h">
                <h3 id="wl-arrivals-h">{ "Arrivals" }</h3>
                <div class="card-grid">
                    <Field label="Base arrival rate" pointer="/workload/arrivals_per_hour" kind={Kind::Number} unit="per hour"
                        hint="Poisson arrivals, before the weekly profile; split between categories by their shares." />
                </div>
                <p class="hint">{ weekly_volume(&store.doc) }</p>
                <SectionProblems path="workload" />
            </section>
            <section class="subsection" id="wl-priorities" aria-labelledby="wl-priorities-h">
                <h3 id="wl-priorities-h">{ "Priorities" }</h3>
                <p class="hint">{ "Most urgent first: queues serve priorities in this order. Renaming a priority renames it everywhere." }</p>
                <PriorityList />
                <Optional pointer="/workload/priority_mix" label="Priority mix for all categories" default={Value::Object(even)}
                    absent_hint="No workload mix: each category needs its own, or triage decides.">
                    <MixEditor legend="Priority mix" pointer="/workload/priority_mix" keys={Keys::Known(prios.clone())}
                        hint="Used by every category without a mix of its own." />
                </Optional>
            </section>
            <section class="subsection" id="wl-profile" aria-labelledby="wl-profile-h">
                <h3 id="wl-profile-h">{ "Weekly profile" }</h3>
                <ProfileEditor />
            </section>
            <section class="subsection" id="wl-bursts" aria-labelledby="wl-bursts-h">
                <h3 id="wl-bursts-h">{ "Bursts" }</h3>
                <Bursts />
            </section>
            <section class="subsection" id="wl-scheduled" aria-labelledby="wl-scheduled-h">
                <h3 id="wl-scheduled-h">{ "Scheduled issues" }</h3>
                <Scheduled />
            </section>
            <section class="subsection" id="wl-script" aria-labelledby="wl-script-h">
                <h3 id="wl-script-h">{ "Script" }</h3>
                <Script />
            </section>
            <section class="subsection" id="wl-attributes" aria-labelledby="wl-attributes-h">
                <h3 id="wl-attributes-h">{ "Attributes" }</h3>
                <Attributes />
            </section>
            <section class="subsection" id="wl-tags" aria-labelledby="wl-tags-h">
                <h3 id="wl-tags-h">{ "Tags" }</h3>
                <MixEditor legend="Tags and the chance an issue carries each" pointer="/workload/tags"
                    keys={Keys::Free { noun: "tag", linked: Linked::None }} independent=true
                    hint="Each tag is drawn on its own: an issue may carry several or none. Rules test them with tags contain \"name\"." />
            </section>
            <section class="subsection" id="wl-triage" aria-labelledby="wl-triage-h">
                <h3 id="wl-triage-h">{ "Triage" }</h3>
                <Triage />
            </section>
            <section class="subsection" id="wl-reopen" aria-labelledby="wl-reopen-h">
                <h3 id="wl-reopen-h">{ "Reopens" }</h3>
                <Optional pointer="/reopen" label="Resolved issues may reopen"
                    default={json!({ "probability": 0.05, "after": { "dist": "exponential", "mean": "2d" } })}
                    absent_hint="Nothing reopens.">
                    <div class="card-grid">
                        <Field label="Reopen probability" pointer="/reopen/probability" kind={Kind::Number}
                            hint="Chance a resolution is followed by a reopen; categories may set their own." />
                    </div>
                    <Distribution label="Delay from resolution to reopen" pointer="/reopen/after" />
                </Optional>
                <SectionProblems path="reopen" />
            </section>
        </section>
    }
}

/// "About 20 160 issues a week (120 an hour on average)" from the rate and profile.
fn weekly_volume(doc: &Value) -> String {
    let Some(rate) = number(doc.pointer("/workload/arrivals_per_hour")) else {
        return String::new();
    };
    let week = profile_of(doc).map_or(168.0, |p| p.iter().sum::<f64>());
    format!(
        "About {} issues a week from the base stream ({} an hour on average), before bursts.",
        count(rate * week),
        trim(rate * week / 168.0, 1)
    )
}

#[component]
fn PriorityList() -> Html {
    let store = use_store();
    let len = items(&store.doc, "/priorities").len();
    let new_priority = json!({ "name": fresh_name(&names(&store.doc, "/priorities"), "P", len + 1) });
    html! {
        <>
            <table class="priority-table compact" id="priorities">
                <thead>
                    <tr>
                        <th scope="col">{ "Order" }</th>
                        <th scope="col">{ "Name" }</th>
                        <th scope="col">{ "Label" }</th>
                        <th scope="col"><span class="visually-hidden">{ "Actions" }</span></th>
                    </tr>
                </thead>
                <tbody>
                    { for (0..len).map(|i| {
                        let item = format!("/priorities/{i}");
                        let name = name_of(store.get(&item).unwrap_or(&Value::Null));
                        html! {
                            <tr key={i} data-priority={name.clone()}>
                                <td class="muted">{ i + 1 }</td>
                                <td><NameField label={format!("Name of priority {}", i + 1)} hidden_label=true item={item.clone()} kind={NameKind::Priority} /></td>
                                <td><Field label={format!("Label of {name}")} hidden_label=true pointer={format!("{item}/label")} optional=true placeholder={name.clone()} /></td>
                                <td><ItemControls list="/priorities" index={i} {len} what={format!("priority {name}")} /></td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            <SectionProblems path="priorities" />
            <AddButton list="/priorities" value={new_priority} text="Add priority" id="add-priority" />
        </>
    }
}

#[component]
fn Attributes() -> Html {
    let store = use_store();
    let list = "/attributes";
    let len = items(&store.doc, list).len();
    let new_attribute = json!({
        "name": super::waits::unique(&names(&store.doc, list), "tier"),
        "values": { "standard": 0.8, "premium": 0.2 }
    });
    html! {
        <>
            <p class="hint">{ "Issue attributes such as customer tier, drawn for each issue from their mix. SLA policies can depend on them (SLA tab)." }</p>
            <SectionProblems path="attributes" />
            <div class="cards">
                { for (0..len).map(|i| {
                    let a = format!("{list}/{i}");
                    let name = name_of(store.get(&a).unwrap_or(&Value::Null));
                    html! {
                        <article class="card attribute-card" key={i} data-attribute={name.clone()}>
                            <header class="card-head">
                                <h4>{ &name }</h4>
                                <ItemControls list={list} index={i} {len} what={format!("attribute {name}")} movable=false />
                            </header>
                            <NameField label="Name" item={a.clone()} kind={NameKind::Attribute} />
                            <MixEditor legend="Values and their probabilities" pointer={format!("{a}/values")}
                                keys={Keys::Free { noun: "value", linked: Linked::AttributeValues(name.clone()) }} />
                        </article>
                    }
                }) }
            </div>
            <AddButton list={list} value={new_attribute} text="Add attribute" id="add-attribute" />
        </>
    }
}
