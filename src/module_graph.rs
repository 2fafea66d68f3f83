//! Test-only: the import graph between the files of a module folder (`src/report/`,
//! `src/milp/`), read from the sources, so a change that makes two files import each
//! other again fails a test instead of waiting for a reader to find the cycle (issue 15).
//!
//! A file's imports are the paths `super::X` and `crate::<folder>::X` (and each first
//! name of a `super::{X, Y::z}` group) where `X` is another file of the folder; comments
//! and the `#[cfg(test)]` part are left out (a test's `super::` is its own file). The
//! folder's `mod.rs` is the parent, not a node: it declares the files and re-exports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// File name (without `.rs`) → the other files of the folder it imports.
type Graph = BTreeMap<String, BTreeSet<String>>;

/// The import graph of the `.rs` files directly in `src/<folder>/`.
fn graph_of(folder: &str) -> Graph {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(folder);
    let mut sources = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("the folder is readable") {
        let path = entry.expect("a folder entry").path();
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.extension().is_some_and(|e| e == "rs") && name != "mod" {
            let text = std::fs::read_to_string(&path).expect("a source file");
            sources.insert(name.to_string(), text);
        }
    }
    graph_of_sources(folder, &sources)
}

/// The import graph of `sources` (file name → text), files of the folder `folder`.
fn graph_of_sources(folder: &str, sources: &BTreeMap<String, String>) -> Graph {
    let prefixes = ["super::".to_string(), format!("crate::{folder}::")];
    let mut graph = Graph::new();
    for (name, text) in sources {
        let code = code_of(text);
        let deps = graph.entry(name.clone()).or_default();
        for prefix in &prefixes {
            for (at, _) in code.match_indices(prefix.as_str()) {
                if at > 0 && is_ident(code[..at].chars().next_back().unwrap_or(' ')) {
                    continue;
                }
                for first in first_names(&code[at + prefix.len()..]) {
                    if first != *name && sources.contains_key(&first) {
                        deps.insert(first);
                    }
                }
            }
        }
    }
    graph
}

/// `text` without `//` comments and without its `#[cfg(test)]` part.
fn code_of(text: &str) -> String {
    let body = text.split("#[cfg(test)]").next().unwrap_or("");
    body.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The first name of the path that starts `rest`, or of each path of a `{...}` group.
fn first_names(rest: &str) -> Vec<String> {
    let lead = |s: &str| {
        s.trim_start()
            .chars()
            .take_while(|c| is_ident(*c))
            .collect()
    };
    let Some(group) = rest.strip_prefix('{') else {
        return vec![lead(rest)];
    };
    // The group's paths: split at the commas outside nested groups, up to its `}`.
    let (mut depth, mut from, mut names) = (0usize, 0usize, Vec::new());
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            ',' | '}' if depth == 0 => {
                names.push(lead(&group[from..i]));
                from = i + 1;
                if c == '}' {
                    break;
                }
            }
            _ => {}
        }
    }
    names
}

/// One cycle of `graph` (its files in import order, the first repeated last), if any.
fn cycle_of(graph: &Graph) -> Option<Vec<String>> {
    // Depth-first search; a file met again while still on the path closes a cycle.
    fn visit(
        graph: &Graph,
        node: &str,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(graph, next, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(graph, n, &mut Vec::new(), &mut done))
}

/// The graph one file a line, `plan -> data files ...`, for failure messages.
fn shown(graph: &Graph) -> String {
    graph
        .iter()
        .map(|(n, d)| {
            format!(
                "{n} -> {}\n",
                d.iter().cloned().collect::<Vec<_>>().join(" ")
            )
        })
        .collect()
}

#[test]
fn report_files_import_each_other_without_a_cycle_and_no_writer_imports_plan() {
    let g = graph_of("report");
    assert_eq!(cycle_of(&g), None, "\n{}", shown(&g));
    let into_plan: Vec<&String> = g
        .iter()
        .filter(|(_, d)| d.contains("plan"))
        .map(|(n, _)| n)
        .collect();
    assert!(
        into_plan.is_empty(),
        "{into_plan:?} import plan.rs\n{}",
        shown(&g)
    );
    // The scan sees the imports that are there (so an empty graph cannot pass).
    assert!(
        g["plan"].contains("people") && g["xlsx"].contains("rows"),
        "\n{}",
        shown(&g)
    );
}

#[test]
fn milp_files_import_each_other_without_a_cycle() {
    let g = graph_of("milp");
    assert_eq!(cycle_of(&g), None, "\n{}", shown(&g));
    assert!(g["lp"].contains("progress"), "\n{}", shown(&g));
}

#[test]
fn a_cycle_through_a_use_group_is_found() {
    let sources: BTreeMap<String, String> = [
        ("a", "use super::b::X; // super::c\n"),
        (
            "b",
            "use super::{c::{Y, Z}, d};\nfn f() { crate::m::e::g() }\n",
        ),
        (
            "c",
            "use crate::m::a;\n#[cfg(test)]\nmod tests { use super::b; }\n",
        ),
        ("d", "fn files() { my_super::a(); }\n"),
        ("e", ""),
    ]
    .into_iter()
    .map(|(n, t)| (n.to_string(), t.to_string()))
    .collect();
    let g = graph_of_sources("m", &sources);
    let deps = |n: &str| g[n].iter().map(String::as_str).collect::<Vec<_>>();
    assert_eq!(deps("a"), ["b"]);
    assert_eq!(deps("b"), ["c", "d", "e"]);
    assert_eq!(deps("c"), ["a"]);
    assert!(deps("d").is_empty());
    assert_eq!(
        cycle_of(&g),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
}
