//! Keeps the tree honest: the engine and the charts touch no browser crate, clock, file,
//! environment or platform math; every source file says what it is for; no `mod.rs`.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sources(sub: &str) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join(sub), &mut files);
    files.sort();
    files.into_iter().map(|p| (p.clone(), std::fs::read_to_string(&p).unwrap())).collect()
}

#[test]
fn the_engine_stays_pure() {
    // Browser crates, wall clocks, I/O, globals and hash iteration, and std's float functions,
    // which call the platform's libm and may differ in the last bit between native and wasm.
    let forbidden = [
        "yew",
        "web_sys",
        "gloo",
        "wasm_bindgen",
        "js_sys",
        "std::time",
        "Instant::",
        "SystemTime",
        "std::fs",
        "std::env",
        "std::io",
        "println!",
        "HashMap",
        "HashSet",
        "static mut",
        "thread_local",
        ".ln()",
        ".exp()",
        ".powf(",
        ".sin()",
        ".cos()",
        ".log10()",
        ".sqrt()",
        "usize>()",
    ];
    // The charts (`src/figures`) too: a standalone SVG drawn natively matches the app's.
    let mut files = sources("src/engine");
    assert!(files.len() > 20);
    files.extend(sources("src/figures"));
    for root in ["src/engine.rs", "src/figures.rs"] {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(root);
        files.push((root.clone(), std::fs::read_to_string(&root).unwrap()));
    }
    for (path, text) in files {
        // Test modules may use what they like.
        let code = text.split("#[cfg(test)]").next().unwrap();
        for word in forbidden {
            assert!(!code.contains(word), "{} uses {word}", path.display());
        }
    }
}

#[test]
fn every_file_says_what_it_is_for() {
    for (path, text) in sources("src").into_iter().chain(sources("tests")) {
        assert!(text.starts_with("//!"), "{} does not open with a //! comment", path.display());
        assert_ne!(path.file_name().unwrap(), "mod.rs", "{}: use foo.rs beside foo/", path.display());
    }
}

#[test]
fn the_ui_modules_import_one_another_without_a_circle() {
    use std::collections::{BTreeMap, BTreeSet};
    // Each top-level module of `src/ui/` (a file with its folder) and the other ones it names.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in sources("src/ui") {
        let first = path.strip_prefix(&root).unwrap().iter().next().unwrap().to_string_lossy().to_string();
        let module = first.trim_end_matches(".rs").to_string();
        let named: BTreeSet<String> = text
            .match_indices("crate::ui::")
            .map(|(i, m)| text[i + m.len()..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect())
            .filter(|name: &String| !name.is_empty() && *name != module)
            .collect();
        uses.entry(module).or_default().extend(named);
    }
    assert!(uses.len() > 10, "the UI's modules were not found");
    // Take away, round after round, every module that names none of those left: what cannot be
    // taken away lies on a circle or leads into one.
    let mut left: BTreeSet<String> = uses.keys().cloned().collect();
    loop {
        let leaves: Vec<String> = left.iter().filter(|m| uses[*m].iter().all(|n| !left.contains(n))).cloned().collect();
        if leaves.is_empty() {
            break;
        }
        for m in leaves {
            left.remove(&m);
        }
    }
    let circles: Vec<String> =
        left.iter().map(|m| format!("{m} → {:?}", uses[m].intersection(&left).collect::<Vec<_>>())).collect();
    assert!(circles.is_empty(), "UI modules that import one another in a circle: {circles:#?}");
}

#[test]
fn a_file_over_500_lines_says_why_it_stays_whole() {
    for (path, text) in sources("src") {
        let lines = text.lines().count();
        let head: String = text.lines().take_while(|l| l.starts_with("//!")).collect::<Vec<_>>().join(" ");
        assert!(
            lines <= 500 || head.to_lowercase().contains("one file"),
            "{} has {lines} lines: split it by concept, or say at its top why it is one file",
            path.display()
        );
    }
}

/// The code of every file the browser module compiles (the engine, the app, authoring, figures;
/// not the command line), test modules left out, except `exempt`: the one place allowed what a
/// check forbids.
fn browser_code(exempt: &str) -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for sub in ["src/engine", "src/ui", "src/authoring", "src/figures"] {
        files.extend(sources(sub));
    }
    assert!(files.len() > 50);
    files
        .into_iter()
        .filter(|(path, _)| *path != root.join(exempt))
        .map(|(path, text)| {
            let code = text.split("#[cfg(test)]").next().unwrap().to_string();
            (path, code)
        })
        .collect()
}

#[test]
fn the_browser_module_sorts_through_one_instance() {
    // Each element type and comparator handed to the standard sort is another copy of it in the
    // download (kilobytes each): the engine and the app sort through `engine::order`. The
    // command line is native only.
    for (path, code) in browser_code("src/engine/order.rs") {
        for call in [".sort(", ".sort_by(", ".sort_by_key(", ".sort_unstable", ".sort_by_cached_key("] {
            assert!(!code.contains(call), "{} calls {call}…): use engine::order", path.display());
        }
    }
}

#[test]
fn the_browser_module_reads_numbers_and_changes_case_without_the_standard_tables() {
    // The standard library's float reader carries a 20 KB table of powers of five; the engine and
    // the app read typed numbers with `engine::number::parse` (the scenario's JSON reader). An
    // inferred `let x: f64 = text.parse()` is not caught here: it shows as
    // `<f64 as FromStr>::from_str` in the module's profile.
    for (path, code) in browser_code("src/engine/number.rs") {
        for call in ["parse::<f64>", "parse::<f32>", "f64::from_str", "f32::from_str"] {
            assert!(!code.contains(call), "{} reads a number with {call}: use engine::number::parse", path.display());
        }
        // Likewise the Unicode case tables: the app's own words change case with
        // `engine::words::capitalised`, names and states compare with `words::lower`'s case.
        for call in ["to_uppercase", "to_lowercase"] {
            assert!(!code.contains(call), "{} calls {call}: use engine::words", path.display());
        }
        // chrono's strftime formatter reaches the same tables (`%P`), and its strftime parser is
        // kilobytes more: dates are written through `Display` or `to_rfc3339_opts`, and read with
        // `NaiveDate`'s own reader or the history's date reader.
        for call in [".format(\"%", "parse_from_str(", "StrftimeItems"] {
            assert!(
                !code.contains(call),
                "{} calls chrono's {call}…): write dates with Display or to_rfc3339_opts, read them with NaiveDate's reader",
                path.display()
            );
        }
    }
}
