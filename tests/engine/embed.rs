//! Embed addresses: what they ask for is read back exactly as written, bad parts are named, and
//! an address made from options reads back as those options.

use escalation_lab::engine::share::{Embed, MAX_SLIDERS, Slider};
use escalation_lab::engine::sweep::Knob;

#[test]
fn an_embed_address_is_read_as_written() {
    assert_eq!(Embed::from_query("tab=rules"), None);
    assert_eq!(Embed::from_query("embed=0"), None);
    let e = Embed::from_query("embed=1").unwrap().unwrap();
    assert_eq!(e, Embed::default());
    let e = Embed::from_query("embed=1&charts=kpi,flow&readonly=1&slider=staff:L2:-2..4&slider=rate:60..180:10&utm=x")
        .unwrap()
        .unwrap();
    assert_eq!(e.charts, ["kpi", "flow"]);
    assert!(e.readonly);
    assert_eq!(
        e.sliders,
        [
            Slider { knob: Knob::ExtraStaff { level: "L2".into() }, min: -2.0, max: 4.0, step: 1.0 },
            Slider { knob: Knob::ArrivalRate, min: 60.0, max: 180.0, step: 10.0 },
        ]
    );
    let timer = Embed::from_query("embed=1&slider=timer:queue%20wait%20timer:P2:5..60:5").unwrap().unwrap();
    assert_eq!(
        timer.sliders[0],
        Slider {
            knob: Knob::Timer { trigger: "queue wait timer".into(), priority: "P2".into() },
            min: 5.0,
            max: 60.0,
            step: 5.0
        }
    );
    assert_eq!(Embed::from_query(&timer.to_query()), Some(Ok(timer.clone())));
    assert_eq!(Embed::from_query(&e.to_query()), Some(Ok(e)));
}

#[test]
fn a_bad_embed_address_says_what_is_wrong() {
    let err = |q: &str| Embed::from_query(q).unwrap().unwrap_err();
    assert!(
        err("embed=1&charts=kpi,pie").starts_with("the embed asks for an unknown chart \"pie\" (charts: summary, kpi,")
    );
    assert_eq!(
        err("embed=1&slider=staff:L2"),
        "\"staff:L2\" is not a slider; write staff:LEVEL:-2..4, rate:60..180:10 or timer:TRIGGER:PRIORITY:5..60:5"
    );
    assert!(err("embed=1&slider=rate:5..1").contains("is not a slider"));
    assert!(err("embed=1&slider=rate:0..1e9:1").contains("is not a slider"), "too many steps");
    assert!(err("embed=1&slider=speed:1..2").contains("is not a parameter"));
    let many = "&slider=rate:1..2".repeat(MAX_SLIDERS + 1);
    assert_eq!(err(&format!("embed=1{many}")), format!("an embed takes at most {MAX_SLIDERS} sliders"));
    // Broken percent escapes stay as written rather than failing.
    assert!(Embed::from_query("embed=1&x=%zz%4").unwrap().is_ok());
}

/// Sliders are checked against the scenario when the embed opens: what they move must exist,
/// and their range must hold the scenario's own value (the run the charts first show).
#[test]
fn sliders_that_do_not_fit_the_scenario_are_refused_at_once() {
    let doc: escalation_lab::engine::Document =
        serde_json::from_str(include_str!("../../static/scenarios/b1.json")).unwrap();
    let check = |q: &str| Embed::from_query(q).unwrap().unwrap().check_against(&doc);
    assert_eq!(check("embed=1&slider=staff:L2:-2..4&slider=rate:60..180:10"), Ok(()));
    assert_eq!(
        check("embed=1&slider=staff:NOPE:-2..4").unwrap_err(),
        "slider 1 (staff added at NOPE): there is no level \"NOPE\""
    );
    assert_eq!(
        check("embed=1&slider=rate:130..180:10").unwrap_err(),
        "slider 1 (arrivals per hour): the range 130..180 leaves out the scenario's own value, 120; include it"
    );
    assert_eq!(
        check("embed=1&slider=timer:no%20such:P1:5..60:5").unwrap_err(),
        "slider 1 (P1 threshold of \"no such\", minutes): the scenario has no such value to move"
    );
}
