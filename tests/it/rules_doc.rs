//! docs/rules.md stays true: every rule has its row, and every function and test it
//! names exists in the source.

use roster::model::Rule;

fn doc() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md"))
        .expect("docs/rules.md")
}

fn sources() -> String {
    let mut all = String::new();
    let mut dirs = vec![
        std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests")),
    ];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("source folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                all.push_str(&std::fs::read_to_string(&path).expect("source file"));
            }
        }
    }
    all
}

#[test]
fn every_rule_has_a_row_in_docs_rules_md() {
    let doc = doc();
    for rule in Rule::ALL {
        let id = rule.id();
        let listed = doc.lines().any(|l| {
            l.strip_prefix("| ")
                .and_then(|rest| rest.split(" |").next())
                .is_some_and(|cell| cell.split(", ").any(|c| c == id))
        });
        assert!(listed, "{id} has no row in docs/rules.md");
    }
}

#[test]
fn every_function_and_test_docs_rules_md_names_exists() {
    let doc = doc();
    let src = sources();
    let mut named = 0;
    for line in doc.lines().filter(|l| l.starts_with("| ")) {
        for (i, tok) in line.split('`').enumerate() {
            if i % 2 == 0 {
                continue;
            }
            let last = tok.rsplit("::").next().unwrap_or(tok);
            let is_fn = !last.is_empty()
                && last
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                && last.contains('_');
            if is_fn {
                named += 1;
                assert!(
                    src.contains(&format!("fn {last}(")),
                    "docs/rules.md names `{tok}`, which is no function or test in src/ or tests/"
                );
            }
        }
    }
    assert!(named > 80, "read {named} names from docs/rules.md");
}
