//! Keeps the tree honest: the engine touches no browser crate, clock, file, environment or
//! platform math; every source file says what it is for; no `mod.rs`.

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
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/engine.rs");
    let mut files = sources("src/engine");
    assert!(files.len() > 20);
    files.push((root.clone(), std::fs::read_to_string(&root).unwrap()));
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
