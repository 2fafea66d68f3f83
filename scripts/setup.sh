#!/usr/bin/env bash
# Installs what building and testing roster needs on a fresh Debian machine: cmake and
# libclang (HiGHS is built from source by highs-sys; bindgen needs libclang), and
# chromium with the Noto CJK fonts (the roster.html test opens the page in headless
# Chromium; the fonts make its Japanese screenshot legible), and chromedriver for the
# desk's browser tests. Idempotent: it installs only
# what is missing, and prints nothing when all is there.
set -euo pipefail

need=()
command -v cmake >/dev/null 2>&1 || need+=(cmake)
if ! ldconfig -p 2>/dev/null | grep -q 'libclang[-.0-9]*\.so'; then
  need+=(libclang-dev)
fi
command -v c++ >/dev/null 2>&1 || need+=(g++)
[ -x /usr/bin/chromium ] || need+=(chromium)
# The desk's browser tests drive Chromium through WebDriver (tests/it/serve_browser.rs,
# with the fantoccini crate over plain HTTP: no TLS library needed).
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
if ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then
  need+=(fonts-noto-cjk)
fi

if ((${#need[@]})); then
  echo "setup: installing ${need[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: cargo is missing; install the Rust toolchain (rustup) first" >&2
  exit 1
fi
