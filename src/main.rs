//! The `roster` command line: parses flags, calls the library, picks the exit code.

use std::process::ExitCode;

use clap::Parser;

mod cli;

fn main() -> ExitCode {
    let args = match cli::Cli::try_parse() {
        Ok(a) => a,
        Err(e) => {
            if !e.use_stderr() {
                // --help, --version: our own text, printed as clap styles it.
                let _ = e.print();
                return ExitCode::from(0);
            }
            // An error may echo a flag's value (`invalid value '...'`): shown visibly
            // when it holds control characters, styled by clap otherwise.
            let plain = e.render().to_string();
            if roster::report::terminal::visible(&plain) == plain {
                let _ = e.print();
            } else {
                cli::note(plain.trim_end_matches('\n'));
            }
            return ExitCode::from(2);
        }
    };
    match cli::run(args) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            cli::note(&e);
            ExitCode::from(2)
        }
    }
}
