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
            // An error may echo a flag's value (`invalid value '...'`). When an argument
            // holds control characters, the error is rendered without clap's styles and
            // shown through `note` (control characters visible); clap alone would pass
            // them to a terminal raw.
            let hostile = std::env::args_os().any(|a| {
                let a = a.to_string_lossy();
                roster::report::terminal::visible(&a) != a
            });
            if hostile {
                use clap::CommandFactory;
                let plain = cli::Cli::command().styles(clap::builder::Styles::plain());
                let text = e.with_cmd(&plain).render().ansi().to_string();
                cli::note(text.trim_end_matches('\n'));
            } else {
                let _ = e.print();
            }
            return ExitCode::from(2);
        }
    };
    match cli::run(args) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            cli::note(&e.to_string());
            ExitCode::from(2)
        }
    }
}
