//! Flags and subcommands, resolved once into calls of the library.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use roster::calendar::{self, holidays};
use roster::input;
use roster::report::{self, Format};

/// Yearly staff rosters for public job-support programmes.
#[derive(Debug, Parser)]
#[command(name = "roster", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List Japanese national holidays (CAL-2), 2000-2035.
    Holidays {
        /// First day (YYYY-MM-DD).
        #[arg(long, default_value = "2000-01-01")]
        from: NaiveDate,
        /// Last day (YYYY-MM-DD).
        #[arg(long, default_value = "2035-12-31")]
        to: NaiveDate,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Print the fiscal-year consultation calendar of a model (CAL-1..CAL-5).
    Calendar {
        /// The model file (TOML).
        model: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

/// Runs a command; `Ok` carries the exit code, `Err` a message for exit 2.
pub fn run(cli: Cli) -> Result<u8, String> {
    match cli.command {
        Command::Holidays { from, to, format } => {
            let (lo, hi) = (
                NaiveDate::from_ymd_opt(holidays::FIRST_YEAR, 1, 1),
                NaiveDate::from_ymd_opt(holidays::LAST_YEAR, 12, 31),
            );
            if from > to {
                return Err(format!(
                    "error: --from {from} is after --to {to}\n  help: swap the two dates"
                ));
            }
            if lo.is_some_and(|lo| from < lo) || hi.is_some_and(|hi| to > hi) {
                return Err(format!(
                    "error: holidays are computed for {}-{} only (got {from} .. {to})\n  help: choose dates within those years",
                    holidays::FIRST_YEAR,
                    holidays::LAST_YEAR
                ));
            }
            print!(
                "{}",
                report::calendar::holidays(&holidays::holidays_between(from, to), format)
            );
            Ok(0)
        }
        Command::Calendar { model, format } => {
            let m = input::load_model(&model).map_err(|e| e.to_string())?;
            let cal = calendar::build(&m);
            print!("{}", report::calendar::calendar(&m, &cal, format));
            Ok(0)
        }
    }
}
