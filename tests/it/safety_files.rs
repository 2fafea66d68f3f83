//! Issue 14 regression tests: safety_files. Every file roster writes goes through one
//! function (src/safe_fs.rs) that stays inside the folder it writes, never writes
//! through a symbolic link, and writes through uniquely named temporary files; plan
//! folders are put in place by a rename that checks the destination again.

use std::path::{Path, PathBuf};

#[allow(unused_imports)]
use super::support::*;

/// Solves the tiny model into `dir` (must succeed).
fn solve_tiny(dir: &Path) {
    let o = roster_p(&[&"solve", &tiny(), &"--out", &dir]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// A scenario for the tiny model: `staff` away for two weeks in September.
fn away(dir: &Path, file: &str, staff: &str) -> PathBuf {
    let p = dir.join(file);
    std::fs::write(
        &p,
        format!(
            "name = \"{staff} away\"\nas_of = \"2023-09-01\"\n\n[[absence]]\nstaff = \"{staff}\"\nfrom = \"2023-09-04\"\nto = \"2023-09-15\"\n"
        ),
    )
    .expect("scenario");
    p
}

/// Every entry of `dir` (names), sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn is_link(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}

/// Case 1: an id that would leave the plan folder (`../../notes`) writes nothing
/// outside it, and nothing at all.
#[test]
fn case1_an_id_leaving_the_folder_writes_nothing_outside() {
    let t = tempfile::tempdir().expect("temp");
    let work = t.path().join("a/b");
    std::fs::create_dir_all(&work).expect("work");
    // `notices/../../notes.txt` in `a/b/plan` is `a/b/notes.txt`.
    let notes = work.join("notes.txt");
    std::fs::write(&notes, "mine\n").expect("notes");
    let model = work.join("m.toml");
    std::fs::write(&model, tiny_with("id = \"r2\"", "id = \"../../notes\"")).expect("m");
    let out = work.join("plan");
    let o = roster_p(&[&"solve", &model, &"--out", &out]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&notes).ok().as_deref(),
        Some("mine\n")
    );
    assert!(nothing_in(&out), "{:?}", names_in(&out));
    assert_eq!(names_in(&work), ["m.toml", "notes.txt"]);
    assert_eq!(names_in(t.path()), ["a"]);
    assert_eq!(names_in(&t.path().join("a")), ["b"]);
}

/// Case 2: a symbolic link planted at `rel` in a plan folder (to a file or folder
/// outside it) makes a re-solve, with or without `--force`, refuse with E049 naming
/// the link; the link's target is unchanged and the folder too.
fn planted_link_is_refused(rel: &str) {
    let t = tempfile::tempdir().expect("temp");
    let plan = t.path().join("plan");
    solve_tiny(&plan);
    let outside = t.path().join("outside");
    std::fs::create_dir(&outside).expect("outside");
    let at = plan.join(rel);
    let target = if at.is_dir() {
        let d = outside.join("folder");
        std::fs::create_dir(&d).expect("folder");
        std::fs::write(d.join("theirs.txt"), "theirs").expect("theirs");
        std::fs::remove_dir_all(&at).expect("rm dir");
        d
    } else {
        let f = outside.join("file");
        std::fs::write(&f, "theirs").expect("file");
        if at.exists() {
            std::fs::remove_file(&at).expect("rm file");
        }
        f
    };
    std::os::unix::fs::symlink(&target, &at).expect("symlink");
    let before = names_in(&plan);
    let model = tiny();
    for force in [false, true] {
        let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"solve", &model, &"--out"];
        args.push(&plan);
        if force {
            args.push(&"--force");
        }
        let o = roster_p(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{rel} force={force}: {err}");
        assert!(err.contains("error[E049]"), "{rel}: {err}");
        assert!(err.contains(rel), "{rel}: {err}");
        assert!(is_link(&at), "{rel}: the link is kept");
        if target.is_dir() {
            assert_eq!(names_in(&target), ["theirs.txt"], "{rel}");
            assert_eq!(
                std::fs::read_to_string(target.join("theirs.txt"))
                    .ok()
                    .as_deref(),
                Some("theirs")
            );
        } else {
            assert_eq!(
                std::fs::read_to_string(&target).ok().as_deref(),
                Some("theirs"),
                "{rel}"
            );
        }
        assert_eq!(names_in(&plan), before, "{rel}");
        // Nothing hidden is left beside the plan.
        assert_eq!(names_in(t.path()), ["outside", "plan"], "{rel}");
    }
}

#[test]
fn case2_symlink_calendars_folder() {
    planted_link_is_refused("calendars");
}

#[test]
fn case2_symlink_notices_folder() {
    planted_link_is_refused("notices");
}

#[test]
fn case2_symlink_events_csv() {
    planted_link_is_refused("events.csv");
}

#[test]
fn case2_symlink_roster_json() {
    planted_link_is_refused("roster.json");
}

#[test]
fn case2_symlink_history_json() {
    planted_link_is_refused("history.json");
}

#[test]
fn case2_symlink_calendar_file() {
    planted_link_is_refused("calendars/c1.ics");
}

#[test]
fn case2_symlink_roster_xlsx() {
    planted_link_is_refused("roster.xlsx");
}

#[test]
fn case2_symlink_foreign_file() {
    planted_link_is_refused("my-notes.txt");
}

/// Case 2, the documented exception: `--out` itself may be a link to a plan folder.
#[test]
fn case2_out_itself_may_be_a_link() {
    let t = tempfile::tempdir().expect("temp");
    let real = t.path().join("real");
    solve_tiny(&real);
    let link = t.path().join("link");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let o = roster_p(&[&"solve", &tiny(), &"--out", &link, &"--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(is_link(&link));
    assert!(real.join("roster.json").is_file());
}

/// Plants a user's file and links at old fixed temporary names in `dir`; returns a
/// check that they are untouched.
fn plant(dir: &Path, outside: &Path, names: &[&str]) -> impl Fn() {
    std::fs::create_dir_all(outside).expect("outside");
    let mut planted = Vec::new();
    for (i, n) in names.iter().enumerate() {
        let at = dir.join(n);
        if i % 2 == 0 {
            let target = outside.join(format!("target-{i}"));
            std::fs::write(&target, "theirs").expect("target");
            std::os::unix::fs::symlink(&target, &at).expect("symlink");
            planted.push((at, Some(target)));
        } else {
            std::fs::write(&at, "mine").expect("mine");
            planted.push((at, None));
        }
    }
    move || {
        for (at, target) in &planted {
            match target {
                Some(t) => {
                    assert!(is_link(at), "{} is still a link", at.display());
                    assert_eq!(
                        std::fs::read_to_string(t).ok().as_deref(),
                        Some("theirs"),
                        "{}",
                        at.display()
                    );
                }
                None => assert_eq!(
                    std::fs::read_to_string(at).ok().as_deref(),
                    Some("mine"),
                    "{}",
                    at.display()
                ),
            }
        }
    }
}

/// Case 3: `diff` wrote changes.tmp, notices.tmp, history.tmp into the folder it
/// was given. Since issue 16 `diff` without `--out` writes nothing at all: planted
/// links stay untouched, and a link at changes.csv is never written through.
#[test]
fn case3_diff_temporary_names() {
    let t = tempfile::tempdir().expect("temp");
    let plan = t.path().join("plan");
    solve_tiny(&plan);
    let untouched = plant(
        &plan,
        &t.path().join("outside"),
        &["changes.tmp", "notices.tmp", "history.tmp"],
    );
    let o = roster_p(&[&"diff", &plan, &plan]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    untouched();
    assert!(!plan.join("changes.csv").exists(), "nothing written");
    let target = t.path().join("outside/changes-target");
    std::fs::write(&target, "theirs").expect("target");
    std::os::unix::fs::symlink(&target, plan.join("changes.csv")).expect("symlink");
    let o = roster_p(&[&"diff", &plan, &plan]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&target).ok().as_deref(),
        Some("theirs")
    );
}

/// Case 3: `whatif` wrote `.comparison.csv.tmp`.
#[test]
fn case3_whatif_temporary_name() {
    let t = tempfile::tempdir().expect("temp");
    let base = t.path().join("base");
    solve_tiny(&base);
    let s = away(t.path(), "c1-away.toml", "c1");
    let out = t.path().join("whatif");
    std::fs::create_dir(&out).expect("out");
    let untouched = plant(&out, &t.path().join("outside"), &[".comparison.csv.tmp"]);
    let o = roster_p(&[&"whatif", &tiny(), &s, &"--baseline", &base, &"--out", &out]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    untouched();
    assert!(out.join("comparison.csv").is_file());
    assert!(out.join("c1-away/roster.json").is_file());
}

/// Case 3: `new-year` wrote `OUT.toml.tmp`.
#[test]
fn case3_new_year_temporary_name() {
    let t = tempfile::tempdir().expect("temp");
    let out = t.path().join("next.toml");
    let untouched = plant(t.path(), &t.path().join("outside"), &["next.toml.tmp"]);
    let o = roster_p(&[&"new-year", &tiny(), &"--out", &out]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    untouched();
    assert!(out.is_file() && !is_link(&out));
}

/// Case 3: `generate` wrote `.OUT.tmp`.
#[test]
fn case3_generate_temporary_name() {
    let t = tempfile::tempdir().expect("temp");
    let out = t.path().join("big.toml");
    let untouched = plant(t.path(), &t.path().join("outside"), &[".big.toml.tmp"]);
    let o = roster_p(&[&"generate", &tiny(), &"--copies", &"2", &"--out", &out]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    untouched();
    assert!(out.is_file() && !is_link(&out));
}

/// Case 3: the MIP start was written as `NAME.mst.tmp` beside `--write-model`'s files.
#[test]
fn case3_mip_start_temporary_name() {
    let t = tempfile::tempdir().expect("temp");
    let models = t.path().join("models");
    std::fs::create_dir(&models).expect("models");
    let untouched = plant(
        &models,
        &t.path().join("outside"),
        &["stage1-dates.mst.tmp", "stage2-part1.mst.tmp"],
    );
    let out = t.path().join("plan");
    let o = roster_p(&[&"solve", &tiny(), &"--out", &out, &"--write-model", &models]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    untouched();
    assert!(models.join("stage1-dates.mps").is_file());
    assert!(models.join("stage1-dates.mst").is_file());
    // No temporary file is left.
    assert!(
        names_in(&models).iter().all(|n| !n.starts_with('.')),
        "{:?}",
        names_in(&models)
    );
}

/// Case 4: two `replan` runs into one new `--out` (without `--force`) at the same
/// time: exactly one succeeds and the folder holds its plan; the other exits 2 (E040)
/// and writes nothing.
#[test]
fn case4_lost_update_between_two_replans() {
    let t = tempfile::tempdir().expect("temp");
    let base = t.path().join("base");
    solve_tiny(&base);
    let scenarios = [
        away(t.path(), "a.toml", "c1"),
        away(t.path(), "b.toml", "c2"),
    ];
    for round in 0..4 {
        let out = t.path().join(format!("out-{round}"));
        let children: Vec<_> = scenarios
            .iter()
            .map(|s| {
                std::process::Command::new(env!("CARGO_BIN_EXE_roster"))
                    .arg("replan")
                    .arg(tiny())
                    .arg("--baseline")
                    .arg(&base)
                    .arg("--scenario")
                    .arg(s)
                    .arg("--out")
                    .arg(&out)
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        let results: Vec<_> = children
            .into_iter()
            .map(|c| c.wait_with_output().expect("wait"))
            .collect();
        let won: Vec<usize> = (0..2)
            .filter(|i| results[*i].status.code() == Some(0))
            .collect();
        assert_eq!(
            won.len(),
            1,
            "round {round}: exactly one run succeeds: {:?} / {:?}",
            results.iter().map(|o| o.status.code()).collect::<Vec<_>>(),
            results.iter().map(stderr).collect::<Vec<_>>()
        );
        let (w, l) = (won[0], 1 - won[0]);
        assert_eq!(results[l].status.code(), Some(2), "{}", stderr(&results[l]));
        assert!(
            stderr(&results[l]).contains("error[E040]"),
            "{}",
            stderr(&results[l])
        );
        let history = std::fs::read_to_string(out.join("history.json")).expect("history");
        let (winner, loser) = (["c1 away", "c2 away"][w], ["c1 away", "c2 away"][l]);
        assert!(history.contains(winner), "round {round}: {history}");
        assert!(!history.contains(loser), "round {round}: {history}");
        // Nothing hidden is left beside it.
        assert!(
            names_in(t.path()).iter().all(|n| !n.starts_with('.')),
            "{:?}",
            names_in(t.path())
        );
    }
}

/// Case 9: a what-if scenario file named `..toml` wrote its plan into `--out` itself,
/// `...toml` into the folder above: both are refused (E052) before anything is solved.
#[test]
fn case9_whatif_dot_dot_toml_and_dot_dot_dot_toml() {
    let t = tempfile::tempdir().expect("temp");
    let base = t.path().join("base");
    solve_tiny(&base);
    let dir = t.path().join("scenarios");
    std::fs::create_dir(&dir).expect("scenarios");
    for name in ["..toml", "...toml", ".hidden.toml"] {
        let s = away(&dir, name, "c1");
        let out = t.path().join("whatif");
        let o = roster_p(&[&"whatif", &tiny(), &s, &"--baseline", &base, &"--out", &out]);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains("error[E052]"), "{name}: {}", stderr(&o));
        assert!(!out.exists(), "{name}");
        assert_eq!(names_in(t.path()), ["base", "scenarios"], "{name}");
    }
}

/// Case 9: `whatif` failing to write (a full disk, here a file-size limit) left an
/// empty `--out` folder: now nothing is left, not even hidden.
#[test]
fn case9_whatif_failure_leaves_no_folder() {
    let t = tempfile::tempdir().expect("temp");
    let base = t.path().join("base");
    solve_tiny(&base);
    let s = away(t.path(), "c1-away.toml", "c1");
    let out = t.path().join("whatif");
    // Writes beyond 8 blocks fail with EFBIG (SIGXFSZ ignored), like a full disk.
    let o = std::process::Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 8 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_roster"))
        .args(["whatif".as_ref(), tiny().as_os_str()])
        .arg(&s)
        .arg("--baseline")
        .arg(&base)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("sh");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("error[E042]"), "{}", stderr(&o));
    assert!(!stderr(&o).contains(".roster-new-"), "{}", stderr(&o));
    assert!(!out.exists(), "no empty folder is left");
    assert_eq!(names_in(t.path()), ["base", "c1-away.toml"]);
}

/// Case 9: `--write-model DIR` replaced MPS files without `--force`.
#[test]
fn case9_write_model_refuses_to_overwrite() {
    let t = tempfile::tempdir().expect("temp");
    let models = t.path().join("models");
    let out = t.path().join("plan");
    let o = roster_p(&[&"solve", &tiny(), &"--out", &out, &"--write-model", &models]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mps = models.join("stage1-dates.mps");
    std::fs::write(&mps, "mine").expect("mine");
    let o = roster_p(&[&"solve", &tiny(), &"--out", &out, &"--write-model", &models]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("error[E051]"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&mps).ok().as_deref(), Some("mine"));
    // A link among them is never written through, even with --force.
    let target = t.path().join("theirs.mps");
    std::fs::write(&target, "theirs").expect("theirs");
    std::fs::remove_file(&mps).expect("rm");
    std::os::unix::fs::symlink(&target, &mps).expect("symlink");
    let o = roster_p(&[
        &"solve",
        &tiny(),
        &"--out",
        &out,
        &"--write-model",
        &models,
        &"--force",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("error[E049]"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&target).ok().as_deref(),
        Some("theirs")
    );
    std::fs::remove_file(&mps).expect("rm");
    let o = roster_p(&[
        &"solve",
        &tiny(),
        &"--out",
        &out,
        &"--write-model",
        &models,
        &"--force",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&mps).is_ok_and(|t| t.contains("ROWS")));
}
