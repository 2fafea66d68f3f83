#!/usr/bin/env bash
# Runs every shipped model and scenario through a roster binary and stores what it
# wrote and said, so two builds can be compared byte for byte (a refactor must not
# change a plan, a file or a message: issue 15).
#
#   scripts/same-outputs.sh run  BIN DEST   # solve both models, replan/whatif every
#                                           # scenario, check, history, new-year, diff
#   scripts/same-outputs.sh diff A B        # compare two DESTs, wall-clock figures masked
#
# Solves get --time-limit 600, a limit the shipped models never reach (they stop on
# their gap): on a busy machine a shorter limit would end a solve early and change it.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
case "${1:-}" in
run)
  BIN=$(readlink -f "$2"); DEST=$3
  rm -rf "$DEST"; mkdir -p "$DEST"; cp -a "$here/models" "$here/scenarios" "$DEST/"; cd "$DEST" || exit 2
  run(){ local n=$1; shift; "$@" >"$n.stdout" 2>"$n.stderr"; echo $? >"$n.rc"; }
  T=(--time-limit 600)
  run solve-saitama "$BIN" solve models/saitama-2023.toml --out saitama "${T[@]}"
  run solve-gifu "$BIN" solve models/gifu-training-2023.toml --out gifu "${T[@]}"
  run check-saitama "$BIN" check models/saitama-2023.toml saitama
  run check-gifu "$BIN" check models/gifu-training-2023.toml gifu
  run check-saitama-en "$BIN" check models/saitama-2023.toml saitama --lang en
  run cal-saitama "$BIN" calendar models/saitama-2023.toml --format csv
  run cal-gifu "$BIN" calendar models/gifu-training-2023.toml --format json
  for s in scenarios/*.toml; do n=$(basename "$s" .toml)
    run "replan-$n" "$BIN" replan models/saitama-2023.toml --baseline saitama --scenario "$s" --out "r-$n" "${T[@]}"
    run "check-r-$n" "$BIN" check models/saitama-2023.toml "r-$n"
    run "history-r-$n" "$BIN" history "r-$n"
  done
  for s in scenarios/gifu/*.toml; do n=$(basename "$s" .toml)
    run "replan-g-$n" "$BIN" replan models/gifu-training-2023.toml --baseline gifu --scenario "$s" --out "g-$n" "${T[@]}"
    run "check-g-$n" "$BIN" check models/gifu-training-2023.toml "g-$n"
  done
  run whatif-saitama "$BIN" whatif models/saitama-2023.toml --baseline saitama scenarios/*.toml --out w-saitama "${T[@]}"
  run whatif-gifu "$BIN" whatif models/gifu-training-2023.toml --baseline gifu scenarios/gifu/*.toml --out w-gifu "${T[@]}"
  run newyear "$BIN" new-year models/saitama-2023.toml --plan saitama --out ny.toml
  run newyear-g "$BIN" new-year models/gifu-training-2023.toml --plan gifu --out ny-g.toml
  run diff-same "$BIN" diff saitama saitama --out d-same
  ;;
diff)
  T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
  cp -a "$2" "$T/a"; cp -a "$3" "$T/b"
  for d in "$T/a" "$T/b"; do
    grep -rlIZ . "$d" | xargs -0 sed -i -E 's/"seconds": [0-9.e-]+/"seconds": X/g; s/(時間|time|Time|wall)[: ]+[0-9.]+ ?s/\1 Xs/g; s/[0-9]+\.[0-9]+ ?s\b/X.Xs/g'
  done
  diff -r "$T/a" "$T/b" && echo "SAME"
  ;;
*) echo "usage: $0 run BIN DEST | diff A B" >&2; exit 2 ;;
esac
