//! The desk (`roster serve`, issue 19) in a real browser: headless Chromium driven
//! through chromedriver (WebDriver, Debian's `chromium-driver`, installed by
//! scripts/setup.sh) with the fantoccini client. One Chromium for the browser tests; the
//! desk listens on a free port of 127.0.0.1, chromedriver on another. fantoccini is
//! asynchronous: `Browser` runs each of its commands on the tokio runtime that serves
//! the desk, so the test itself stays a plain sequence of steps.

use std::future::Future;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use super::{assert_same_as_cli_replan, saitama_desk_dir, settings};
use crate::it::support::*;
use roster::serve::{router, Desk};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// chromedriver on a free port, stopped (by its own handle) when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn start_driver() -> Driver {
    assert!(
        Path::new(CHROMEDRIVER).exists() && Path::new("/usr/bin/chromium").exists(),
        "headless Chromium and chromedriver are needed: run scripts/setup.sh"
    );
    let port = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver { child, port };
    for _ in 0..300 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return driver;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("chromedriver did not listen on port {port}");
}

/// A Chromium session (fantoccini's client) with the flags the project's browser tests
/// use; each step blocks on `rt` until chromedriver answers.
struct Browser {
    rt: tokio::runtime::Handle,
    client: Client,
}

impl Browser {
    fn start(rt: &tokio::runtime::Runtime, driver: &Driver, profile: &Path) -> Browser {
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--window-size=1400,1000",
                    format!("--user-data-dir={}", profile.display()),
                ],
            },
        });
        let caps = caps.as_object().cloned().unwrap_or_default();
        // chromedriver speaks plain HTTP on 127.0.0.1: no TLS connector needed.
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = rt
            .block_on(
                ClientBuilder::new(connector)
                    .capabilities(caps)
                    .connect(&format!("http://127.0.0.1:{}", driver.port)),
            )
            .expect("a Chromium session");
        Browser {
            rt: rt.handle().clone(),
            client,
        }
    }

    /// Runs one WebDriver step to its end.
    fn block<T>(&self, step: impl Future<Output = T>) -> T {
        self.rt.block_on(step)
    }

    fn goto(&self, url: &str) {
        self.block(self.client.goto(url)).expect("navigate");
    }

    fn url(&self) -> String {
        self.block(self.client.current_url())
            .expect("url")
            .to_string()
    }

    fn find(&self, css: &str) -> Option<Element> {
        self.block(self.client.find(Locator::Css(css))).ok()
    }

    /// Waits (polling every 0.2 s) for an element.
    fn wait_for(&self, css: &str, seconds: u64) -> Element {
        self.block(
            self.client
                .wait()
                .at_most(Duration::from_secs(seconds))
                .every(Duration::from_millis(200))
                .for_element(Locator::Css(css)),
        )
        .unwrap_or_else(|e| panic!("no {css} after {seconds} s: {e}"))
    }

    fn click(&self, css: &str) {
        let e = self.wait_for(css, 30);
        self.block(e.click()).expect("click");
    }

    fn type_in(&self, css: &str, text: &str) {
        let e = self.wait_for(css, 30);
        self.block(e.send_keys(text)).expect("type");
    }

    fn text(&self, css: &str) -> String {
        let e = self.wait_for(css, 30);
        self.block(e.text()).expect("text")
    }

    fn run(&self, script: &str, args: Vec<Value>) -> Value {
        self.block(self.client.execute(script, args))
            .expect("script")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let client = self.client.clone();
        let _ = self.rt.block_on(client.close());
    }
}

/// A desk over `plans` listening on a free port of 127.0.0.1, served on `rt`; its URL.
fn desk_at(rt: &tokio::runtime::Runtime, model: &Path, plans: &Path) -> String {
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("listen");
    let addr = listener.local_addr().expect("address");
    let desk = Arc::new(Desk::new(settings(model, plans), addr).expect("desk starts"));
    rt.spawn(async move {
        let _ = axum::serve(listener, router(desk)).await;
    });
    format!("http://{addr}/")
}

#[test]
fn desk_in_chromium_accepts_c08s_absence_as_roster_replan_would_and_shows_names_as_text() {
    let driver = start_driver();
    let profile = tempfile::tempdir().expect("profile");
    let (_t, plans) = saitama_desk_dir();
    // The hostile name: the tiny model with a receptionist called `<script>…`.
    let t = tempfile::tempdir().expect("temp");
    let model = t.path().join("tiny.toml");
    let hostile = "<script>alert(1)</script>";
    std::fs::write(
        &model,
        tiny_with("name = \"受付 花子\"", &format!("name = \"{hostile}\"")),
    )
    .expect("model");
    let tiny_plans = t.path().join("plans");
    let o = roster_p(&[&"solve", &model, &"--out", &tiny_plans.join("base")]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let url = desk_at(&rt, &saitama(), &plans);
    let tiny_url = desk_at(&rt, &model, &tiny_plans);
    let b = Browser::start(&rt, &driver, profile.path());

    // c08's two weeks in June, entered through the page.
    b.goto(&format!("{url}versions/base"));
    b.click("#absence select[name=staff] option[value=c08]");
    for (name, day) in [
        ("from", "2023-06-05"),
        ("to", "2023-06-16"),
        ("as_of", "2023-06-01"),
    ] {
        // A date field's typing order follows the browser's locale; its value does not.
        b.run(
            "document.querySelector('#absence [name=\"' + arguments[0] + '\"]').value = arguments[1];",
            vec![json!(name), json!(day)],
        );
    }
    b.type_in("#absence [name=public_reason]", "担当者の都合により");
    b.click("#absence button");
    // The preview: people affected with days, changes, letters; then accept.
    b.wait_for("#accept", 600);
    let affected = b.text("#affected");
    assert!(affected.contains("中村 哲也"), "{affected}");
    let letter = b.text("pre.letter[data-staff=c08]");
    assert!(letter.contains("担当者の都合により"), "{letter}");
    if let Ok(png) = b.block(b.client.screenshot()) {
        let _ = std::fs::write(root().join("target/desk-preview.png"), png);
    }
    b.click("#accept");
    b.wait_for("#publish", 60);
    let at = b.url();
    let version = at
        .rsplit_once("/versions/")
        .map(|(_, v)| v.to_string())
        .expect("a version page");

    // A staff name that is a script tag is shown as text, and never runs.
    b.goto(&format!("{tiny_url}versions/base/people/r1"));
    let h1 = b.text("#person-name");
    assert!(h1.contains(hostile), "{h1}");
    assert!(b.block(b.client.get_alert_text()).is_err(), "no alert ran");
    b.goto(&format!("{tiny_url}versions/base"));
    let options = b.text("#absence select[name=staff]");
    assert!(options.contains(hostile), "{options}");
    let scripts = b.run("return document.scripts.length;", vec![]);
    assert_eq!(scripts, json!(1), "only the desk's own script");
    // Issue 19, part 2: swaps, previews side by side, two tabs racing (on the version
    // just accepted, the head).
    decisions::swaps_compare_and_race(&b, &url, &plans, &version);
    drop(b);
    assert_same_as_cli_replan(&plans, "base", &version);
}

// Issue 19, part 2: the desk's decisions, on this test's Chromium.
#[path = "serve_decisions_browser.rs"]
mod decisions;
