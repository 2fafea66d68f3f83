//! The manager's desk (`roster serve MODEL --plans DIR`, issue 19): a local web
//! application over a folder of plan versions.
//!
//! Two thin faces over the same library calls as the command line: the JSON API
//! ([`api`]) and the pages ([`pages`]) call `commands::replan` for every re-plan and read
//! what it wrote; nothing here re-implements a rule, a re-plan or an output. The folder
//! of versions, previews and publication is [`store`]. Every request first passes
//! [`guard`]: the Host and Origin must be the desk's own (DNS rebinding, cross-site
//! forms), and a request that changes something needs a JSON or TOML body (a type a
//! plain HTML form cannot send) or the session's token.

mod api;
// What is read from a version, kept per version and fingerprint (issue 19, speed).
pub mod cache;
// Issue 19, part 2: candidates, swaps, decision forms, previews side by side.
pub mod decisions;
mod guard;
mod pages;
pub mod store;
// Issue 19, part 3: views, the publish archive, training pages, progress.
mod progress;
mod publish;
mod training;
mod views;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::Router;

use crate::error::Error;
use crate::report::Lang;

/// What `roster serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeSettings {
    /// The model file the versions were solved from.
    pub model: PathBuf,
    /// The folder of plan versions.
    pub plans: PathBuf,
    /// Address to listen on (127.0.0.1 unless told otherwise).
    pub bind: std::net::IpAddr,
    /// Port (0: any free port).
    pub port: u16,
    /// Language of the pages and of the files re-plans write.
    pub lang: Lang,
    /// Seconds each re-plan may take (as `roster replan --time-limit`).
    pub time_limit: f64,
    /// Relative MIP gap of each re-plan (as `roster replan --gap`).
    pub gap: f64,
    /// More host names (`name:port`) the desk answers to, besides its address.
    pub allow_hosts: Vec<String>,
}

/// The desk's state, shared by every request.
#[derive(Debug)]
pub struct Desk {
    settings: ServeSettings,
    store: store::Store,
    /// `Host` values accepted (lower case, with the port).
    hosts: Vec<String>,
    /// The session's token (pages send it with every change).
    token: String,
    /// One decision at a time: accepting and publishing look at the versions and
    /// change them in one step.
    deciding: Mutex<()>,
    /// One re-plan at a time (they are CPU-bound).
    solving: Mutex<()>,
    /// Re-plans started from the page, with their progress (issue 19, part 3).
    jobs: progress::Jobs,
    /// The last versions read (model with chain, plan, month views), by id and
    /// fingerprint of the files they were read from.
    versions: cache::Versions,
}

impl Desk {
    /// A desk over `settings.plans` answering to `addr` (and the allowed host names).
    /// The model must load (the error is the command line's, for exit 2).
    pub fn new(settings: ServeSettings, addr: SocketAddr) -> Result<Self, Error> {
        let text = crate::input::read_text(&settings.model)?;
        crate::input::parse_programme(&settings.model, &text)?;
        if !std::fs::metadata(&settings.plans).is_ok_and(|m| m.is_dir()) {
            return Err(Error::Usage(format!(
                "error: {}: is not a folder\n  help: --plans names the folder that holds the plan versions (e.g. make the first with `roster solve MODEL --out {}/v001`)",
                settings.plans.display(),
                settings.plans.display()
            )));
        }
        let port = addr.port();
        let mut hosts = vec![match addr {
            SocketAddr::V4(a) => format!("{}:{port}", a.ip()),
            SocketAddr::V6(a) => format!("[{}]:{port}", a.ip()),
        }];
        if addr.ip().is_loopback() {
            hosts.push(format!("localhost:{port}"));
        }
        hosts.extend(settings.allow_hosts.iter().map(|h| h.to_ascii_lowercase()));
        Ok(Desk {
            store: store::Store::new(&settings.plans),
            settings,
            hosts,
            token: store::random_hex(16),
            deciding: Mutex::new(()),
            solving: Mutex::new(()),
            jobs: progress::Jobs::default(),
            versions: cache::Cache::new(cache::SETTLED),
        })
    }

    /// The session's token (for a client that posts without a JSON or TOML body).
    pub fn token(&self) -> &str {
        &self.token
    }

    fn lang(&self) -> Lang {
        self.settings.lang
    }
}

/// The desk's routes, every one behind the guard.
pub fn router(desk: Arc<Desk>) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(pages::routes())
        .merge(decisions::routes())
        // Issue 19, part 3.
        .merge(views::routes())
        .merge(publish::routes())
        .merge(training::routes())
        .merge(progress::routes())
        .layer(axum::middleware::from_fn_with_state(
            desk.clone(),
            guard::guard,
        ))
        .with_state(desk)
}

/// Runs the desk until the process is stopped: binds `settings.bind:port`, then calls
/// `ready` with the URL to open (the command line prints it).
pub fn serve(settings: ServeSettings, ready: impl FnOnce(&str)) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(format!("error: the desk's runtime did not start: {e}")))?;
    runtime.block_on(async move {
        let want = SocketAddr::new(settings.bind, settings.port);
        let listener = tokio::net::TcpListener::bind(want).await.map_err(|e| {
            Error::Usage(format!(
                "error: cannot listen on {want}: {e}\n  help: choose another --port (0 picks a free one)"
            ))
        })?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::Usage(format!("error: {want}: {e}")))?;
        let desk = Arc::new(Desk::new(settings, addr)?);
        let url = format!("http://{}/", desk.hosts[0]);
        ready(&url);
        axum::serve(listener, router(desk))
            .await
            .map_err(|e| Error::Usage(format!("error: the desk stopped: {e}")))
    })
}
