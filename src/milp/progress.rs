//! Progress of a running HiGHS solve, read from its log: the `highs` crate exposes no
//! callbacks, so HiGHS writes its log to a temporary file (uniquely named, created
//! exclusively by roster) and a thread follows it, turning each branch-and-bound line
//! into a [`Progress`] for the caller's sink.

use std::io::{Read, Seek, SeekFrom};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

/// What HiGHS reports while it solves: one line of its branch-and-bound log.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// Which MILP: "stage 1 (dates)", "stage 2: consultant, lecturer (part 5 of 5)".
    pub stage: String,
    /// Objective of the best plan so far (slack penalties included), if any.
    pub incumbent: Option<f64>,
    /// Proven lower bound so far, if any.
    pub bound: Option<f64>,
    /// Relative gap as HiGHS prints it, if known.
    pub gap: Option<f64>,
    /// Seconds HiGHS has spent on this MILP.
    pub seconds: f64,
}

/// Where progress goes (the command line draws it; the library never prints).
pub type ProgressSink = std::sync::Arc<dyn Fn(&Progress) + Send + Sync>;

/// A thread following one HiGHS log file.
pub(crate) struct Follower {
    done: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    /// The log file; dropping it removes it.
    path: tempfile::TempPath,
}

impl Follower {
    /// Reads what is left of the log, stops the thread and removes the file.
    pub(crate) fn stop(mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        let _ = self.path.close();
    }
}

/// Starts following the log at `path`.
pub(crate) fn follow(path: tempfile::TempPath, stage: String, sink: ProgressSink) -> Follower {
    let done = Arc::new(AtomicBool::new(false));
    let flag = done.clone();
    let file = path.to_path_buf();
    let thread = std::thread::Builder::new()
        .name("highs-log".into())
        .spawn(move || {
            let mut offset = 0u64;
            let mut partial = String::new();
            loop {
                let last = flag.load(Ordering::Relaxed);
                if let Ok(mut f) = std::fs::File::open(&file) {
                    let mut buf = Vec::new();
                    if f.seek(SeekFrom::Start(offset)).is_ok() && f.read_to_end(&mut buf).is_ok() {
                        offset += buf.len() as u64;
                        partial.push_str(&String::from_utf8_lossy(&buf));
                        while let Some(nl) = partial.find('\n') {
                            let line: String = partial.drain(..=nl).collect();
                            if let Some(p) = parse_line(&stage, &line) {
                                sink(&p);
                            }
                        }
                    }
                }
                if last {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(250));
            }
        })
        .ok();
    Follower { done, thread, path }
}

/// A number as HiGHS prints it: "inf", "-inf" and "Large" are unknown.
fn number(s: &str) -> Option<f64> {
    s.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// One branch-and-bound line of HiGHS's MIP log, e.g.
/// ` R       0       0         0   0.00%   45123.2   48900.1   7.72%  0  0  0  1234  5.3s`:
/// the first `%` column is the share of the tree explored; then come the best bound,
/// the best solution and the gap; the last column is the time.
pub(crate) fn parse_line(stage: &str, line: &str) -> Option<Progress> {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let seconds = number(tokens.last()?.strip_suffix('s')?)?;
    let explored = tokens.iter().position(|t| {
        t.strip_suffix('%')
            .is_some_and(|x| x.parse::<f64>().is_ok())
    })?;
    let bound = tokens.get(explored + 1)?;
    let best = tokens.get(explored + 2)?;
    let gap = tokens.get(explored + 3)?;
    Some(Progress {
        stage: stage.to_string(),
        bound: number(bound),
        incumbent: number(best),
        gap: gap.strip_suffix('%').and_then(number).map(|g| g / 100.0),
        seconds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_branch_and_bound_line() {
        let p = parse_line(
            "s",
            " R       0       0         0   0.00%   45123.2         48900.1            7.72%        0      0      0      1234     5.3s\n",
        )
        .expect("a progress line");
        assert_eq!(p.bound, Some(45123.2));
        assert_eq!(p.incumbent, Some(48900.1));
        assert!(p.gap.is_some_and(|g| (g - 0.0772).abs() < 1e-12));
        assert_eq!(p.seconds, 5.3);
    }

    #[test]
    fn unknown_values_stay_unknown() {
        let p = parse_line(
            "s",
            "         0       0         0   0.00%   -inf            inf                  inf        0      0      0         0     0.1s",
        )
        .expect("a progress line");
        assert_eq!((p.bound, p.incumbent, p.gap), (None, None, None));
    }

    #[test]
    fn other_log_lines_are_not_progress() {
        assert!(parse_line("s", "Presolving model").is_none());
        assert!(parse_line("s", "  Primal bound      48467.05\n").is_none());
        assert!(parse_line("s", "Solving report\n").is_none());
    }
}
