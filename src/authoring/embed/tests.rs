//! Embed addresses: what they ask for is read back exactly as written, bad parts are named, and
//! an address made from options reads back as those options.

use super::*;

#[test]
fn an_embed_address_is_read_as_written() {
    assert_eq!(Embed::from_query("tab=rules"), None);
    assert_eq!(Embed::from_query("embed=0"), None);
    let e = Embed::from_query("embed=1").unwrap().unwrap();
    assert_eq!(e, Embed::default());
    let e = Embed::from_query(
        "embed=1&charts=kpi,flow&readonly=1&theme=dark&slider=staff:L2:-2..4&slider=rate:60..180:10&utm=x",
    )
    .unwrap()
    .unwrap();
    assert_eq!(e.charts, ["kpi", "flow"]);
    assert!(e.readonly);
    assert_eq!(e.theme, Theme::Dark);
    assert!(e.to_query().contains("&theme=dark"));
    for (theme, name) in Theme::ALL {
        let read = Embed::from_query(&format!("embed=1&theme={name}")).unwrap().unwrap();
        assert_eq!(read.theme, theme);
        assert_eq!(Embed::from_query(&read.to_query()), Some(Ok(read)), "{name} reads back");
    }
    assert!(!Embed::default().to_query().contains("theme"), "auto is the default and goes unsaid");
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
    assert_eq!(err("embed=1&theme=sepia"), "the embed asks for an unknown theme \"sepia\" (themes: auto, light, dark)");
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
    let doc: Document = serde_json::from_str(include_str!("../../../static/scenarios/b1.json")).unwrap();
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

/// Names are written as the scenario has them: spaces, colons and other characters survive the
/// address (percent-encoded there) and the text form (as typed).
#[test]
fn names_with_spaces_and_colons_survive_the_address_and_the_text() {
    let sliders = vec![
        Slider { knob: Knob::ExtraStaff { level: "Team lead: EMEA".into() }, min: -1.0, max: 3.0, step: 1.0 },
        Slider {
            knob: Knob::Timer { trigger: "waiting too long & more".into(), priority: "P2".into() },
            min: 5.0,
            max: 60.0,
            step: 5.0,
        },
        Slider { knob: Knob::ExtraStaff { level: "Café 50%+".into() }, min: 0.0, max: 2.0, step: 0.5 },
    ];
    let e = Embed { sliders: sliders.clone(), ..Embed::default() };
    let query = e.to_query();
    assert!(!query.contains(' ') && !query.contains("& more"), "{query}");
    assert_eq!(Embed::from_query(&query), Some(Ok(e)));
    // Typed in the text form, one per line, the names read as written.
    let text: Vec<String> = sliders.iter().map(Slider::to_text).collect();
    assert_eq!(text[0], "staff:Team lead: EMEA:-1..3:1");
    assert_eq!(sliders_from_text(&text.join("\n")), Ok(sliders.clone()));
    assert_eq!(
        Slider::parse("  timer:queue wait timer:P2:5..60:5 "),
        Ok(Slider {
            knob: Knob::Timer { trigger: "queue wait timer".into(), priority: "P2".into() },
            min: 5.0,
            max: 60.0,
            step: 5.0
        })
    );
    // A browser sends spaces in an address as %20, a hand-written query may use +.
    let typed = Embed::from_query("embed=1&slider=timer:queue+wait%20timer:P2:5..60:5").unwrap().unwrap();
    assert_eq!(typed.sliders[0].knob, Knob::Timer { trigger: "queue wait timer".into(), priority: "P2".into() });
    // Errors in the text form name the line.
    assert_eq!(
        sliders_from_text("rate:60..180:10\n\nstaff:L1"),
        Err("line 3: \"staff:L1\" is not a slider; write staff:LEVEL:-2..4, rate:60..180:10 or timer:TRIGGER:PRIORITY:5..60:5"
            .into())
    );
    assert_eq!(sliders_from_text(&"rate:1..2\n".repeat(5)), Err("5 sliders; an embed takes at most 4".into()));
    assert_eq!(sliders_from_text(" \n"), Ok(vec![]));
}

/// Every preset offers sliders for each of its levels, its arrival rate and its timers, and the
/// suggested range of each fits the scenario, with the scenario's own value on a step.
#[test]
fn suggested_sliders_fit_every_preset() {
    for name in
        ["b1", "b1-stress", "billing-dispute", "retail-complaints", "it-outage", "project-shortage", "hr-harassment"]
    {
        let text =
            std::fs::read_to_string(format!("{}/static/scenarios/{name}.json", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let doc: Document = serde_json::from_str(&text).unwrap();
        let knobs = slider_knobs(&doc);
        assert_eq!(knobs.iter().filter(|k| matches!(k, Knob::ExtraStaff { .. })).count(), doc.levels.len(), "{name}");
        for knob in knobs {
            let s = Slider::suggested(&knob, &doc).unwrap_or_else(|| panic!("{name}: no slider for {knob:?}"));
            let embed = Embed { sliders: vec![s.clone()], ..Embed::default() };
            assert_eq!(embed.check_against(&doc), Ok(()), "{name}: {s:?}");
            let now = knob.current(&doc).unwrap();
            let steps = (now - s.min) / s.step;
            assert!((steps - steps.round()).abs() < 1e-9, "{name}: {now} is on a step of {s:?}");
            assert!(s.min < now || matches!(knob, Knob::ExtraStaff { .. }), "{name}: room below {now} in {s:?}");
            assert!(s.max > now && (s.max - s.min) / s.step <= 20.0, "{name}: {s:?}");
            // Every position of the slider is a scenario the engine takes.
            let mut v = s.min;
            while v <= s.max + 1e-9 {
                assert!(knob.apply(&doc, v).is_ok(), "{name}: {knob:?} at {v}");
                v += s.step;
            }
        }
    }
    let b1: Document = serde_json::from_str(include_str!("../../../static/scenarios/b1.json")).unwrap();
    let rate = Slider::suggested(&Knob::ArrivalRate, &b1).unwrap();
    assert_eq!((rate.min, rate.max, rate.step), (20.0, 220.0, 20.0));
    assert_eq!(Slider::suggested(&Knob::ExtraStaff { level: "nowhere".into() }, &b1), None);
}

/// The link into the full app goes to the page the embed was loaded from: the folder's app, or
/// `standalone.html` itself when that is the page (from a web server or from `file://`).
#[test]
fn the_full_app_link_opens_the_embedding_page_itself() {
    assert_eq!(
        full_app_link("file:///home/me/docs/standalone.html?embed=1&charts=kpi#s=2.abc", "s=2.xyz"),
        "file:///home/me/docs/standalone.html#s=2.xyz"
    );
    assert_eq!(
        full_app_link("https://example.org/lab/standalone.html?embed=1", "s=2.xyz"),
        "https://example.org/lab/standalone.html#s=2.xyz"
    );
    assert_eq!(full_app_link("https://example.org/lab/?embed=1#s=2.a", "s=2.b"), "https://example.org/lab/#s=2.b");
    assert_eq!(page_address("https://example.org/lab/"), "https://example.org/lab/");
}

/// A slider's text, read and written back: the knob, the range and the step (1 when left out);
/// what is not a slider says how one is written.
#[test]
fn slider_texts_read_back_as_written() {
    let bad = |t: &str| {
        format!("\"{t}\" is not a slider; write staff:LEVEL:-2..4, rate:60..180:10 or timer:TRIGGER:PRIORITY:5..60:5")
    };
    let cases: [(&str, Result<&str, String>); 12] = [
        ("staff:L2:-2..4", Ok("staff:L2:-2..4:1")),
        ("rate:60..180:10", Ok("rate:60..180:10")),
        ("rate:0.5..1.5:0.25", Ok("rate:0.5..1.5:0.25")),
        ("timer:a:b:c:P1:5..60:5", Ok("timer:a:b:c:P1:5..60:5")),
        ("staff:Team lead: EMEA:-1..3", Ok("staff:Team lead: EMEA:-1..3:1")),
        ("rate", Err(bad("rate"))),
        ("rate:60", Err(bad("rate:60"))),
        ("rate:5..1", Err(bad("rate:5..1"))),
        ("rate:1..2:0", Err(bad("rate:1..2:0"))),
        ("rate:1..2:x", Err(bad("rate:1..2:x"))),
        ("staff::1..2", Err("\"staff:\" is not a parameter; use staff:LEVEL, rate or timer:TRIGGER:PRIORITY".into())),
        (
            "timer:only:1..2",
            Err("\"timer:only\" is not a parameter; use staff:LEVEL, rate or timer:TRIGGER:PRIORITY".into()),
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(Slider::parse(text).map(|s| s.to_text()), expected.map(str::to_string), "{text}");
    }
}

/// The code to paste: the frame with the embed's address, a title that cannot break out of its
/// attribute, and the script that sizes that frame (and only it) from its height messages.
#[test]
fn the_snippet_sizes_its_own_frame() {
    let e = Embed { theme: Theme::Light, readonly: true, ..Embed::default() };
    let code = e.snippet("https://docs.example/lab/index.html", "s=2.abc", "Tom & \"Jerry\" <desk>");
    let (frame, script) = code.split_once('\n').unwrap();
    assert_eq!(
        frame,
        "<iframe src=\"https://docs.example/lab/index.html?embed=1&charts=summary,kpi,utilization&readonly=1&theme=light#s=2.abc\" \
         title=\"Tom &amp; &quot;Jerry&quot; &lt;desk>\" width=\"100%\" height=\"720\" style=\"border:0\" loading=\"lazy\"></iframe>"
    );
    assert!(script.starts_with("<script>") && script.ends_with("</script>"));
    assert!(script.contains("document.currentScript.previousElementSibling"));
    assert!(script.contains("e.source === frame.contentWindow"));
    assert!(script.contains(&format!("e.data.type === '{HEIGHT_MESSAGE}'")));
}

#[test]
fn views_issues_and_sources_read_back_as_written() {
    let e = Embed::from_query("embed=1&view=matrix&edit=1&charts=kpi").unwrap().unwrap();
    assert_eq!((e.view, e.editable, e.charts.clone()), (View::Matrix, true, vec!["kpi".to_string()]));
    assert_eq!(Embed::from_query(&e.to_query()), Some(Ok(e)));
    // Another view shows no charts unless the address names some.
    let e = Embed::from_query("embed=1&view=rules").unwrap().unwrap();
    assert!(e.charts.is_empty());
    assert_eq!(e.to_query(), "embed=1&view=rules");
    assert_eq!(Embed::from_query(&e.to_query()), Some(Ok(e)));

    // A name with a comma or a colon, encoded in its part, stays whole.
    let e = Embed::from_query(
        "embed=1&view=try&issue=category:billing,priority:P1,at:2h,seed:7,customer%2C%20tier:gold%3Aplus",
    )
    .unwrap()
    .unwrap();
    let issue = e.issue.clone().unwrap();
    assert_eq!(
        (issue.category.as_str(), issue.priority.as_str(), issue.at.as_str(), issue.seed),
        ("billing", "P1", "2h", 7)
    );
    assert_eq!(issue.attributes.get("customer, tier").map(String::as_str), Some("gold:plus"));
    assert_eq!(Embed::from_query(&e.to_query()), Some(Ok(e)));
    // Not given: arrives at the start, the rest drawn.
    let bare = issue_from_text("priority:P2").unwrap();
    assert_eq!((bare.at.as_str(), bare.category.as_str(), bare.seed), ("0m", "", 0));

    let e = Embed::from_query("embed=1&src=scenarios/desk%20one.json&theme=light").unwrap().unwrap();
    assert_eq!(e.src.as_deref(), Some("scenarios/desk one.json"));
    assert_eq!(Embed::from_query(&e.to_query()), Some(Ok(e)));
}

#[test]
fn a_view_that_cannot_be_shown_says_why() {
    let err = |q: &str| Embed::from_query(q).unwrap().unwrap_err();
    assert_eq!(
        err("embed=1&view=gantt"),
        "the embed asks for an unknown view \"gantt\" (views: charts, matrix, rules, try)"
    );
    assert_eq!(
        err("embed=1&edit=1"),
        "edit=1 lets the reader change the matrix or the rules: use it with view=matrix or view=rules"
    );
    assert_eq!(err("embed=1&issue=priority:P1"), "issue= chooses Try an issue's issue: use it with view=try");
    assert_eq!(
        err("embed=1&view=try&issue=P1"),
        "the issue's part \"P1\" is not key:value (issue=category:billing,priority:P1,at:2h)"
    );
    assert_eq!(err("embed=1&view=try&issue=seed:soon"), "the issue's seed \"soon\" is not a whole number");
    assert_eq!(err("embed=1&src="), "src= names no file");

    // The issue must fit the scenario.
    let doc: Document = serde_json::from_str(include_str!("../../../static/scenarios/b1.json")).unwrap();
    let fit = |q: &str| Embed::from_query(q).unwrap().unwrap().check_against(&doc);
    assert_eq!(fit("embed=1&view=try&issue=priority:P2"), Ok(()));
    let categories: Vec<&str> = doc.categories.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        fit("embed=1&view=try&issue=category:billing"),
        Err(format!("the issue's category \"billing\" is not in the scenario (it has {})", categories.join(", ")))
    );
    assert!(fit("embed=1&view=try&issue=colour:red").unwrap_err().starts_with(
        "the issue's \"colour\" is neither category, priority, at, seed nor an attribute of the scenario"
    ));
}
