//! HiGHS is compiled once per cargo profile: `cargo run` (the README's job command) and
//! `cargo test` share the `dev` profile, so they must also share the crates highs-sys's
//! build script is built from (bindgen, syn, cc, cmake...). Cargo unifies the features of
//! build-time crates across everything it builds, and resolver 2 leaves dev-dependencies
//! out of `cargo build`: a dev-dependency whose proc-macros ask for one more feature of
//! such a crate (fantoccini 0.22 did: syn 2's "fold") gives `cargo test` a second
//! highs-sys build script, and a second HiGHS compile of several minutes.

use std::process::Command;

/// `cargo tree` of highs-sys with each crate's features, resolved with or without the
/// dev-dependencies (as `cargo test` and `cargo build` resolve them). Offline: only the
/// lock file and the crates already fetched for this test binary are read.
fn highs_sys_tree(edges: &str) -> String {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let manifest = super::support::root().join("Cargo.toml");
    let o = Command::new(cargo)
        .args(["tree", "--offline", "--locked", "--manifest-path"])
        .arg(&manifest)
        .args(["-p", "highs-sys", "-e", edges])
        .args(["-f", "{p} {f}", "--prefix", "none"])
        .output()
        .expect("cargo tree runs");
    assert!(
        o.status.success(),
        "cargo tree -e {edges}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn dev_dependencies_leave_the_crates_highs_is_built_from_unchanged() {
    let build = highs_sys_tree("normal,build");
    let test = highs_sys_tree("normal,build,dev");
    assert!(
        build.contains("bindgen") && build.contains("cmake"),
        "highs-sys's build dependencies listed:\n{build}"
    );
    let differ: Vec<String> = build
        .lines()
        .zip(test.lines())
        .filter(|(b, t)| b != t)
        .map(|(b, t)| format!("  cargo build: {b}\n  cargo test:  {t}"))
        .collect();
    assert!(
        build == test,
        "a dev-dependency changes what highs-sys is built from, so `cargo test` would \
         compile HiGHS again beside `cargo build`; find the crate asking for the feature \
         (`cargo tree -e features -i <crate>`) and pick a version or features of the \
         dev-dependency that do not:\n{}",
        differ.join("\n")
    );
}
