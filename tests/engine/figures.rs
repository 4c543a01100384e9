//! The charts drawn as markup (`escalation_lab::figures`): positions worked out by hand from the
//! chart's layout, every text from a scenario escaped, standalone files well formed with their
//! legend, and `render` on the command line.

use escalation_lab::engine::report::{Estimate, Report};
use escalation_lab::figures::{Chart, common::Svg};
use serde_json::json;

use super::support::{base, cli, preset, report, set, text};

/// The attribute `name` of every element of `markup` that opens with `open`, in order.
fn attribute_of(markup: &str, open: &str, name: &str) -> Vec<String> {
    markup
        .match_indices(open)
        .filter_map(|(i, _)| {
            let tag = &markup[i..i + markup[i..].find('>').unwrap()];
            let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
            Some(tag[at..at + tag[at..].find('"').unwrap()].to_string())
        })
        .collect()
}

/// Elements open and close in order (a well-formed tree), `<?`, comments and texts aside.
fn assert_balanced(markup: &str) {
    let mut open: Vec<String> = Vec::new();
    let mut rest = markup;
    while let Some(i) = rest.find('<') {
        let end = rest[i..].find('>').expect("a tag closes") + i;
        let tag = &rest[i + 1..end];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(open.pop().as_deref(), Some(name), "</{name}> closes nothing open");
        } else if !tag.ends_with('/') {
            open.push(tag.split([' ', '\n']).next().unwrap().to_string());
        }
        rest = &rest[end + 1..];
    }
    assert!(open.is_empty(), "left open: {open:?}");
}

fn one_level_report() -> Report {
    let mut r = report(&base());
    let level = &mut r.summary.levels[0];
    level.utilization = Estimate { mean: Some(0.5), ci95: Some(0.1) };
    r
}

#[test]
fn a_utilization_bar_is_as_long_as_the_share_of_the_track_it_stands_for() {
    // The track runs from x = 150 to 444: 50% ± 10% is a bar 147 long, its whisker from
    // 150 + 294 × 0.4 = 267.6 to 150 + 294 × 0.6 = 326.4.
    let mut r = one_level_report();
    let f = Chart::Utilization.draw(&r);
    let svg = &f.drawing.as_ref().unwrap().inner;
    assert_eq!(attribute_of(svg, "<rect class=\"track\"", "width"), ["294"]);
    assert_eq!(attribute_of(svg, "<rect class=\"bar\"", "width"), ["147"]);
    let whisker = &svg[svg.find("<g class=\"whisker\">").unwrap()..];
    assert_eq!(attribute_of(whisker, "<line", "x1")[..3], ["267.6", "267.6", "326.4"]);
    assert!(svg.contains(">50% ± 10%</text>"), "{svg}");
    // Past 100% the bar stops at the track's end; with no data there is no bar at all.
    r.summary.levels[0].utilization = Estimate { mean: Some(1.7), ci95: None };
    let svg = Chart::Utilization.draw(&r).drawing.unwrap().inner;
    assert_eq!(attribute_of(&svg, "<rect class=\"bar\"", "width"), ["294"]);
    assert!(!svg.contains("whisker"));
    r.summary.levels[0].utilization = Estimate { mean: None, ci95: None };
    let svg = Chart::Utilization.draw(&r).drawing.unwrap().inner;
    assert_eq!(attribute_of(&svg, "<rect class=\"bar\"", "width"), ["0"]);
    assert!(svg.contains(">no data</text>"));
}

#[test]
fn names_from_a_scenario_are_escaped_in_every_chart() {
    let name = r#"<img src=x onerror="alert('x')">&co"#;
    let mut doc = base();
    set(&mut doc, "/levels/0/name", json!(name));
    set(&mut doc, "/categories/0/path", json!([name]));
    set(&mut doc, "/priorities/0/name", json!("<P1>"));
    let mut doc_text = doc.to_string();
    doc_text = doc_text.replace("\"P1\":", "\"<P1>\":");
    let doc: serde_json::Value = serde_json::from_str(&doc_text).unwrap();
    let r = report(&doc);
    for chart in Chart::ALL {
        let f = chart.draw(&r);
        assert!(!f.body.contains("<img") && !f.body.contains("<P1>"), "{}: {}", chart.name(), f.body);
        assert_balanced(&f.body);
        if let Some(d) = &f.drawing {
            assert!(!d.inner.contains("<img"), "{}", chart.name());
        }
    }
    let svg = Chart::Utilization.draw(&r).drawing.unwrap().inner;
    assert!(svg.contains("data-level=\"&lt;img src=x onerror=&quot;alert(&apos;x&apos;)&quot;&gt;&amp;co\""), "{svg}");
}

#[test]
fn every_chart_of_every_preset_draws_a_well_formed_standalone_file_with_its_legend() {
    for key in ["it-outage", "billing-dispute", "b1"] {
        let mut doc = preset(key);
        set(&mut doc, "/run/replications", json!(2));
        let r = report(&doc);
        for chart in Chart::ALL {
            let f = chart.draw(&r);
            let d = f.drawing.as_ref().unwrap_or_else(|| panic!("{key} {}: {}", chart.name(), f.nothing));
            let file = d.standalone(f.title, "svg { }");
            assert!(file.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
            assert_balanced(&file);
            // The page's drawing is inside the file as it is; the legend is drawn under it, every
            // entry's words in a text, and the file is tall enough to hold it.
            assert!(file.contains(&d.inner));
            let legend = &file[file.find("<g class=\"legend\">").unwrap_or(file.len())..];
            for e in &d.legend {
                let mut words = Svg::default();
                words.words(&e.label);
                assert!(legend.contains(&format!(">{}</text>", words.0)), "{key} {}: {}", chart.name(), e.label);
            }
            let height: f64 = attribute_of(&file, "<svg", "height")[0].parse().unwrap();
            let lowest =
                attribute_of(legend, "<text", "y").iter().map(|y| y.parse::<f64>().unwrap()).fold(0.0, f64::max);
            assert!(lowest < height && height > d.height, "{key} {}: {lowest} {height}", chart.name());
        }
    }
}

#[test]
fn a_chart_with_nothing_to_draw_says_why() {
    let mut doc = base();
    set(&mut doc, "/run/journeys", json!(0));
    let r = report(&doc);
    let f = Chart::Journey.draw(&r);
    assert!(f.drawing.is_none());
    assert!(f.nothing.contains("No journeys were sampled"), "{}", f.nothing);
    assert_eq!(
        Chart::parse("pie").unwrap_err(),
        "no chart named 'pie': the charts are utilization, queue, resolution, heatmap, flow, journeys"
    );
}

#[test]
fn render_writes_the_chart_of_a_scenario_file_and_refuses_what_it_cannot_draw() {
    let dir = std::env::temp_dir().join(format!("escalation-lab-render-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("flow.svg");
    let o = cli(&[
        "render",
        "static/scenarios/b1.json",
        "--chart",
        "flow",
        "--hours",
        "50",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(
        svg.contains("class=\"flow-link\"") && svg.contains("<style>") && svg.contains("--chart-series-0: #2563c9")
    );
    // The same run to standard output.
    let o = cli(&["render", "static/scenarios/b1.json", "--chart", "flow", "--hours", "50"]);
    assert_eq!(text(&o.stdout).trim_end(), svg.trim_end());

    let o = cli(&["render", "static/scenarios/b1.json", "--chart", "pie"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("no chart named 'pie': the charts are utilization"), "{}", text(&o.stderr));
    let o = cli(&["render", "static/scenarios/b1.json"]);
    assert!(text(&o.stderr).contains("render needs --chart NAME"));
    let o = cli(&["render", "static/scenarios/b1.json", "--chart", "journeys", "--hours", "50", "--journey", "999"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--journey 999: the run sampled"), "{}", text(&o.stderr));
    let o = cli(&["render", "static/scenarios/b1.json", "--chart", "flow", "--journey", "1"]);
    assert!(text(&o.stderr).contains("use it with --chart journeys"));
}
