//! The desk (`roster serve`, issue 19) in a real browser: headless Chromium driven
//! through chromedriver (WebDriver, Debian's `chromium-driver`, installed by
//! scripts/setup.sh). The WebDriver client is the few W3C commands the test needs over
//! plain HTTP/1.1 (JSON in, JSON out): a client crate (fantoccini) pulls in derive
//! macros that change the build features of HiGHS's build script and rebuild HiGHS, for
//! a handful of requests. One Chromium for the browser tests; the desk listens on a free
//! port of 127.0.0.1, chromedriver on another.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::{assert_same_as_cli_replan, saitama_desk_dir, settings};
use crate::it::support::*;
use roster::serve::{router, Desk};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The W3C key of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

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

/// One WebDriver command: its `value`, or the WebDriver error as `Err`.
fn command(port: u16, method: &str, path: &str, body: Option<Value>) -> Result<Value, Value> {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("chromedriver");
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    // Read the head, then exactly the body it announces (chromedriver keeps the
    // connection open whatever `Connection` says).
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    let at = loop {
        if let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let n = s.read(&mut buf).expect("answer");
        assert!(n > 0, "chromedriver closed the connection");
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..at]).to_ascii_lowercase();
    let mut rest = raw[at + 4..].to_vec();
    let length = head.lines().find_map(|l| {
        l.strip_prefix("content-length:")
            .and_then(|n| n.trim().parse::<usize>().ok())
    });
    if let Some(length) = length {
        while rest.len() < length {
            let n = s.read(&mut buf).expect("answer");
            assert!(n > 0, "chromedriver closed the connection");
            rest.extend_from_slice(&buf[..n]);
        }
        rest.truncate(length);
    } else if head.contains("transfer-encoding: chunked") {
        // Read to the last chunk (`0\r\n\r\n`), then decode.
        while !rest.ends_with(b"0\r\n\r\n") {
            let n = s.read(&mut buf).expect("answer");
            assert!(n > 0, "chromedriver closed the connection");
            rest.extend_from_slice(&buf[..n]);
        }
        let mut out = Vec::new();
        while let Some(nl) = rest.windows(2).position(|w| w == b"\r\n") {
            let size = usize::from_str_radix(String::from_utf8_lossy(&rest[..nl]).trim(), 16)
                .expect("chunk size");
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[nl + 2..nl + 2 + size]);
            rest = rest[nl + 2 + size + 2..].to_vec();
        }
        rest = out;
    } else {
        s.read_to_end(&mut rest).expect("answer");
    }
    let v: Value = serde_json::from_slice(&rest).expect("JSON from chromedriver");
    let value = v.get("value").cloned().unwrap_or(Value::Null);
    if value.get("error").is_some() {
        Err(value)
    } else {
        Ok(value)
    }
}

/// A Chromium session with the flags the project's browser tests use.
struct Browser {
    port: u16,
    session: String,
}

impl Browser {
    fn start(driver: &Driver, profile: &Path) -> Browser {
        let caps = json!({"capabilities": {"alwaysMatch": {
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
        }}});
        let v = command(driver.port, "POST", "/session", Some(caps)).expect("a Chromium session");
        Browser {
            port: driver.port,
            session: v["sessionId"].as_str().expect("session id").to_string(),
        }
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, Value> {
        command(
            self.port,
            method,
            &format!("/session/{}{path}", self.session),
            body,
        )
    }

    fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })))
            .expect("navigate");
    }

    fn url(&self) -> String {
        self.call("GET", "/url", None)
            .expect("url")
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn find(&self, css: &str) -> Option<String> {
        let v = self
            .call(
                "POST",
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .ok()?;
        v[ELEMENT].as_str().map(str::to_string)
    }

    /// Waits (polling) for an element.
    fn wait_for(&self, css: &str, seconds: u64) -> String {
        let until = Instant::now() + Duration::from_secs(seconds);
        loop {
            if let Some(e) = self.find(css) {
                return e;
            }
            assert!(Instant::now() < until, "no {css} after {seconds} s");
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn click(&self, css: &str) {
        let e = self.wait_for(css, 30);
        self.call("POST", &format!("/element/{e}/click"), Some(json!({})))
            .expect("click");
    }

    fn type_in(&self, css: &str, text: &str) {
        let e = self.wait_for(css, 30);
        self.call(
            "POST",
            &format!("/element/{e}/value"),
            Some(json!({ "text": text })),
        )
        .expect("type");
    }

    fn text(&self, css: &str) -> String {
        let e = self.wait_for(css, 30);
        self.call("GET", &format!("/element/{e}/text"), None)
            .expect("text")
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn run(&self, script: &str, args: Value) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
        .expect("script")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.call("DELETE", "", None);
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
    let b = Browser::start(&driver, profile.path());

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
            json!([name, day]),
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
    if let Ok(shot) = b.call("GET", "/screenshot", None) {
        if let Some(png) = shot.as_str().and_then(base64) {
            let _ = std::fs::write(root().join("target/desk-preview.png"), png);
        }
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
    assert!(b.call("GET", "/alert/text", None).is_err(), "no alert ran");
    b.goto(&format!("{tiny_url}versions/base"));
    let options = b.text("#absence select[name=staff]");
    assert!(options.contains(hostile), "{options}");
    let scripts = b.run("return document.scripts.length;", json!([]));
    assert_eq!(scripts, json!(1), "only the desk's own script");
    // Issue 19, part 2: swaps, previews side by side, two tabs racing (on the version
    // just accepted, the head).
    decisions::swaps_compare_and_race(&b, &url, &plans, &version);
    drop(b);
    assert_same_as_cli_replan(&plans, "base", &version);
}

/// Standard base64 (a WebDriver screenshot) to bytes.
fn base64(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        })
    };
    let clean: Vec<u8> = text.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    let mut out = Vec::with_capacity(clean.len() / 4 * 3);
    for chunk in clean.chunks(4) {
        let pad = chunk.iter().filter(|c| **c == b'=').count();
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            let v = if *c == b'=' { 0 } else { value(*c)? };
            n |= v << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

// Issue 19, part 2: the desk's decisions, on this test's Chromium.
#[path = "serve_decisions_browser.rs"]
mod decisions;
