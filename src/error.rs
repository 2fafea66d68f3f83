//! The library's one error type: every way a command can fail, each with its stable
//! code from `docs/errors.md`; the text (file:line:col, help) is rendered at the edge.

use std::path::PathBuf;

use crate::input::error::InputErrors;
use crate::milp::SolveError;
use crate::report::folder::WriteError;
use crate::report::plan::RenderError;
use crate::safe_fs::FsError;

/// Why a command stopped (exit 2). `Display` gives the message the user reads.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in an input file (model, scenario, plan folder), each located at its
    /// file, line and column and carrying its own code (E001-E027, E030-E046, E060-E063,
    /// E093, E100-E113).
    #[error("{0}")]
    Input(#[from] InputErrors),
    /// The solver found no plan at all (E070, E081) or could not export it (E049, E051).
    #[error("{0}")]
    Solve(#[from] SolveError),
    /// A plan folder was not written (E040, E041, E042, E047, E049, E050).
    #[error("{0}")]
    Write(#[from] WriteError),
    /// A people-facing file could not be rendered (E080).
    #[error("{0}")]
    Render(#[from] RenderError),
    /// A file was not written through the safe writer (E042, E049, E050, E051).
    #[error("{0}")]
    Fs(#[from] FsError),
    /// Several errors found before stopping (every what-if scenario is validated first).
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    All(Vec<Error>),
    /// A what-if scenario's solve failed: its name goes after the code.
    #[error("{}", in_scenario(.error, .name))]
    InScenario {
        /// The scenario's name.
        name: String,
        /// The solver's error.
        error: SolveError,
    },
    /// E033: the baseline was solved from another model (roster.json's digest).
    #[error("error[E033]: {}: the baseline was solved from a different model than {}\n  help: pass the model file the baseline was made from (roster.json records its SHA-256)", .roster_json.display(), .model.display())]
    OtherModel {
        /// The baseline's `roster.json`.
        roster_json: PathBuf,
        /// The model file given.
        model: PathBuf,
    },
    /// E060 (training chains): a scenario's `as_of` before the chain's last one.
    #[error("error[E060]: {}: as_of {as_of} is before {before}, the as_of of the baseline's last re-plan `{name}`\n  help: give a later as_of, or re-plan from an earlier folder", .path.display())]
    BackInTime {
        /// The scenario file.
        path: PathBuf,
        /// Its `as_of`.
        as_of: chrono::NaiveDate,
        /// The `as_of` of the chain's last re-plan.
        before: chrono::NaiveDate,
        /// That re-plan's scenario name.
        name: String,
    },
    /// E030: `history` of something that is not a folder.
    #[error("error[E030]: {}: not a plan directory\n  help: give the directory written by `roster solve` or `roster replan`", .0.display())]
    NotAPlanDir(PathBuf),
    /// E040: a what-if's `comparison.csv` holds a different table.
    #[error("error[E040]: {}: holds a different comparison\n  help: choose another --out directory, or pass --force to replace it", .0.display())]
    OtherComparison(PathBuf),
    /// E040: a what-if's folder appeared while roster was running.
    #[error("error[E040]: {}: was written by another run meanwhile\n  help: choose another --out directory, or run again with --force", .0.display())]
    WrittenMeanwhile(PathBuf),
    /// E042: a what-if's folder could not be put in place.
    #[error("error[E042]: {}: {error}\n  help: check that the directory is writable and the disk has room", .dir.display())]
    NotWritten {
        /// The folder as given.
        dir: PathBuf,
        /// The operating system's words.
        error: String,
    },
    /// E048: standard output could not be written.
    #[error("error[E048]: the output could not be written to standard output ({0}); it is lost\n  help: check that the file or device it goes to is writable and has room")]
    Stdout(String),
    /// E048 after a plan folder was written whole: only the summary is lost.
    #[error("{error}\n  note: the plan itself was written whole to {}; only this summary is lost", .out.display())]
    SummaryLost {
        /// The E048 error.
        error: Box<Error>,
        /// The folder written.
        out: PathBuf,
    },
    /// E051: `--write-model DIR` already holds MPS/MST files.
    #[error("error[E051]: {}: exists; --write-model does not replace files without --force ({count} MPS/MST file(s) in {})\n  help: give --write-model a new or empty directory, or pass --force to replace them", .first.display(), .dir.display())]
    ModelFilesExist {
        /// The first such file.
        first: PathBuf,
        /// How many.
        count: usize,
        /// The directory.
        dir: PathBuf,
    },
    /// E052: a what-if scenario file's stem is not a plain folder name.
    #[error("error[E052]: {}: a what-if writes each scenario into a folder named after its file, and {stem:?} is not a plain folder name\n  help: rename the scenario file so its name starts with a letter or digit, e.g. scenario.toml", .path.display())]
    ScenarioStem {
        /// The scenario file.
        path: PathBuf,
        /// Its stem.
        stem: String,
    },
    /// E064: `new-year --out` is the model file itself.
    #[error("error[E064]: {}: --out is the model file itself; new-year never overwrites it\n  help: give another --out file, e.g. models/next-year.toml", .0.display())]
    OutIsModel(PathBuf),
    /// E065: `new-year --out` exists.
    #[error("error[E065]: {}: exists\n  help: choose another --out file, or pass --force to replace it", .0.display())]
    OutExists(PathBuf),
    /// E065: `new-year --out` appeared while roster was running.
    #[error("error[E065]: {}: exists (it appeared while roster was running)\n  help: choose another --out file, or pass --force to replace it", .0.display())]
    OutAppeared(PathBuf),
    /// E066: the model cannot be turned over.
    #[error("error[E066]: {}: {message}", .model.display())]
    NoNextYear {
        /// The model file.
        model: PathBuf,
        /// Why.
        message: String,
    },
    /// E066: next year's model does not validate.
    #[error("{errors}\nerror[E066]: the model for the next year does not validate; fix the lines above in {} and run new-year again", .model.display())]
    NextYearInvalid {
        /// The problems found.
        errors: InputErrors,
        /// The model file.
        model: PathBuf,
    },
    /// E067: a file `diff` would write exists and is not roster's.
    #[error("error[E067]: {}: exists and was not written by roster (or was edited since)\n  help: give --out DIR for the diff, or move the file away", .0.display())]
    NotOurs(PathBuf),
    /// E068: `diff` of one folder without `roster.json`.
    #[error("error[E068]: {}: no roster.json to tell what was edited\n  help: give the folder roster wrote as BASE and the edited copy as EDITED", .0.display())]
    NothingWritten(PathBuf),
    /// E090: `generate --out` holds something else.
    #[error("error[E090]: {}: exists and holds something else\n  help: choose another --out file, or pass --force to replace it", .0.display())]
    GenerateExists(PathBuf),
    /// E091: the model could not be copied.
    #[error("error[E091]: {}: {message}", .model.display())]
    GenerateCopy {
        /// The model file.
        model: PathBuf,
        /// Why.
        message: String,
    },
    /// E091: the copy does not validate (a bug).
    #[error("error[E091]: the generated model does not validate:\n{0}")]
    GenerateInvalid(InputErrors),
    /// E092: the generated model could not be written.
    #[error("error[E092]: {}: {error}", .out.display())]
    GenerateWrite {
        /// The file.
        out: PathBuf,
        /// The operating system's words.
        error: std::io::Error,
    },
    /// An error whose message names a path other than the one inside it (a folder
    /// built under a hidden name is named as the user gave it).
    #[error("{text}")]
    Shown {
        /// The message shown.
        text: String,
        /// The error itself (its code).
        error: Box<Error>,
    },
    /// A usage error found after parsing the flags (no code: exit 2 like clap's).
    #[error("error: {0}")]
    Usage(String),
}

/// Every code the library can give, as `docs/errors.md` lists them. A test checks the
/// two against each other, and each variant's [`Error::code`] against this list.
pub const ALL_CODES: &[&str] = &[
    // Model and scenario files (input::, scenario::; E109 from input::parse_programme).
    "E001", "E002", "E003", "E004", "E010", "E011", "E012", "E013", "E014", "E015", "E016", "E017",
    "E018", "E019", "E020", "E021", "E022", "E024", "E093", //
    // Training-provider models and scenarios (input::training, scenario::training).
    "E100", "E101", "E102", "E103", "E104", "E105", "E106", "E107", "E108", "E109", "E110",
    "E111", //
    // Scenario decisions: [[staff_change]] and [[venue_change]] by weekday.
    "E112", "E113", //
    // Count decisions in scenarios (scenario::counts, issue 16).
    "E120", "E121", "E122", //
    // Chains, new-year, diff.
    "E060", "E061", "E062", "E064", "E065", "E066", "E067", "E068", //
    // Hand edits (commands::diff, commands::swap, plan::workbook).
    "E053", "E054", "E055", "E056", "E069", //
    // Plan folders (plan::files, plan::history, plan::training).
    "E025", "E026", "E027", "E030", "E031", "E032", "E033", "E043", "E044", "E045", "E046",
    "E063", //
    // Writing (report::folder, safe_fs, the what-if writer, stdout).
    "E040", "E041", "E042", "E047", "E048", "E049", "E050", "E051", "E052", "E080", //
    // Solving (milp).
    "E070", "E081", //
    // generate.
    "E090", "E091", "E092", //
    // PR-1's lead time made hard (input::publicity, issue 17 part 2).
    "E023",
];

impl Error {
    /// The stable code (`docs/errors.md`) of this error: of the first problem for a
    /// list; `None` for a usage error.
    pub fn code(&self) -> Option<&'static str> {
        match self {
            Error::Input(e) => e.0.first().map(|e| e.code),
            Error::GenerateInvalid(_) => Some("E091"),
            Error::All(list) => list.first().and_then(Error::code),
            Error::SummaryLost { error, .. } | Error::Shown { error, .. } => error.code(),
            Error::Solve(_)
            | Error::Write(_)
            | Error::Render(_)
            | Error::Fs(_)
            | Error::InScenario { .. } => code_in(&self.to_string()),
            Error::OtherModel { .. } => Some("E033"),
            Error::BackInTime { .. } => Some("E060"),
            Error::NotAPlanDir(_) => Some("E030"),
            Error::OtherComparison(_) | Error::WrittenMeanwhile(_) => Some("E040"),
            Error::NotWritten { .. } => Some("E042"),
            Error::Stdout(_) => Some("E048"),
            Error::ModelFilesExist { .. } => Some("E051"),
            Error::ScenarioStem { .. } => Some("E052"),
            Error::OutIsModel(_) => Some("E064"),
            Error::OutExists(_) | Error::OutAppeared(_) => Some("E065"),
            Error::NoNextYear { .. } | Error::NextYearInvalid { .. } => Some("E066"),
            Error::NotOurs(_) => Some("E067"),
            Error::NothingWritten(_) => Some("E068"),
            Error::GenerateExists(_) => Some("E090"),
            Error::GenerateCopy { .. } => Some("E091"),
            Error::GenerateWrite { .. } => Some("E092"),
            Error::Usage(_) => None,
        }
    }

    /// Several errors as one: the error itself when there is one.
    pub fn all(mut list: Vec<Error>) -> Error {
        if list.len() == 1 {
            list.remove(0)
        } else {
            Error::All(list)
        }
    }
}

/// The code a wrapped error's message opens with (`error[E070]: ...`), as listed.
fn code_in(text: &str) -> Option<&'static str> {
    let code = text.strip_prefix("error[")?.split(']').next()?;
    ALL_CODES.iter().copied().find(|c| *c == code)
}

/// A solver error of one what-if scenario: its message with the scenario's name after
/// the code (`error[E070]: NAME: ...`).
fn in_scenario(e: &SolveError, name: &str) -> String {
    let text = e.to_string();
    match text.split_once("]: ") {
        Some((code, rest)) => format!("{code}]: {name}: {rest}"),
        None => format!("{name}: {text}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::error::InputError;
    use std::collections::BTreeSet;
    use std::path::Path;

    /// The codes `docs/errors.md` lists in its tables (`| E001 | ...`).
    fn documented() -> BTreeSet<String> {
        let doc = include_str!("../docs/errors.md");
        doc.lines()
            .filter_map(|l| l.strip_prefix("| E"))
            .filter_map(|rest| rest.split_whitespace().next())
            .map(|n| format!("E{n}"))
            .collect()
    }

    /// One error of each variant (wrapped errors with each of their codes).
    fn samples() -> Vec<Error> {
        let p = || PathBuf::from("x");
        let day = chrono::NaiveDate::default();
        let input = |code: &'static str| {
            InputErrors(vec![InputError {
                code,
                file: p(),
                line: 1,
                column: 1,
                message: "m".into(),
                help: String::new(),
            }])
        };
        let io = || std::io::Error::other("disk");
        vec![
            Error::Input(input("E001")),
            Error::Solve(SolveError::OutOfTime("t".into())),
            Error::Solve(SolveError::Solver("s".into())),
            Error::Write(WriteError::Exists(p())),
            Error::Write(WriteError::NotAPlan(p())),
            Error::Write(WriteError::IsBaseline {
                out: p(),
                baseline: p(),
                how: "",
            }),
            Error::Write(WriteError::Io {
                path: p(),
                message: "m".into(),
            }),
            Error::Render(RenderError {
                file: "f".into(),
                message: "m".into(),
            }),
            Error::Fs(FsError::Escapes {
                folder: p(),
                rel: p(),
            }),
            Error::Fs(FsError::Link(p())),
            Error::Fs(FsError::Exists(p())),
            Error::Fs(FsError::Io {
                path: p(),
                error: io(),
            }),
            Error::InScenario {
                name: "n".into(),
                error: SolveError::OutOfTime("t".into()),
            },
            Error::OtherModel {
                roster_json: p(),
                model: p(),
            },
            Error::BackInTime {
                path: p(),
                as_of: day,
                before: day,
                name: "n".into(),
            },
            Error::NotAPlanDir(p()),
            Error::OtherComparison(p()),
            Error::WrittenMeanwhile(p()),
            Error::NotWritten {
                dir: p(),
                error: "e".into(),
            },
            Error::Stdout("e".into()),
            Error::ModelFilesExist {
                first: p(),
                count: 1,
                dir: p(),
            },
            Error::ScenarioStem {
                path: p(),
                stem: ".".into(),
            },
            Error::OutIsModel(p()),
            Error::OutExists(p()),
            Error::OutAppeared(p()),
            Error::NoNextYear {
                model: p(),
                message: "m".into(),
            },
            Error::NextYearInvalid {
                errors: input("E016"),
                model: p(),
            },
            Error::NotOurs(p()),
            Error::NothingWritten(p()),
            Error::GenerateExists(p()),
            Error::GenerateCopy {
                model: p(),
                message: "m".into(),
            },
            Error::GenerateInvalid(input("E016")),
            Error::GenerateWrite {
                out: p(),
                error: io(),
            },
        ]
    }

    #[test]
    fn every_documented_code_is_listed_and_every_listed_code_documented() {
        let listed: BTreeSet<String> = ALL_CODES.iter().map(|c| c.to_string()).collect();
        assert_eq!(listed.len(), ALL_CODES.len(), "a code listed twice");
        let doc = documented();
        let undocumented: Vec<_> = listed.difference(&doc).collect();
        let unlisted: Vec<_> = doc.difference(&listed).collect();
        assert!(
            undocumented.is_empty(),
            "not in docs/errors.md: {undocumented:?}"
        );
        assert!(
            unlisted.is_empty(),
            "documented, not in ALL_CODES: {unlisted:?}"
        );
    }

    #[test]
    fn every_variant_has_a_listed_code_that_its_message_opens_with() {
        for e in samples() {
            let code = e.code().unwrap_or_else(|| panic!("no code: {e}"));
            assert!(ALL_CODES.contains(&code), "{code} not listed");
            let text = e.to_string();
            assert!(
                text.contains(&format!("error[{code}]")),
                "{code} not in its message: {text}"
            );
        }
    }

    #[test]
    fn the_codes_of_the_commands_own_variants_cover_every_code_that_no_reader_gives() {
        // Codes given only by a command's flow (not by a reader's InputErrors, the
        // solver, the folder writer or the safe writer) must each have a variant.
        let own: BTreeSet<&str> = samples()
            .iter()
            .filter(|e| !matches!(e, Error::Input(_)))
            .filter_map(Error::code)
            .collect();
        for code in [
            "E030", "E033", "E040", "E041", "E042", "E047", "E048", "E049", "E050", "E051", "E052",
            "E060", "E064", "E065", "E066", "E067", "E068", "E070", "E080", "E081", "E090", "E091",
            "E092",
        ] {
            assert!(own.contains(code), "{code} has no variant");
        }
    }

    #[test]
    fn a_list_shows_each_error_on_its_line_and_takes_the_first_code() {
        let e = Error::all(vec![
            Error::NotAPlanDir(Path::new("a").into()),
            Error::OutExists(Path::new("b").into()),
        ]);
        assert_eq!(e.code(), Some("E030"));
        assert_eq!(
            e.to_string()
                .lines()
                .filter(|l| l.starts_with("error["))
                .count(),
            2
        );
        assert_eq!(Error::Usage("u".into()).code(), None);
    }
}
