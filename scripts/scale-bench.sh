#!/usr/bin/env bash
# Scaling benchmark (issue 11): generates the K-times model from the shipped one
# (`roster generate`, not committed), solves it with one command for every K, checks
# the plan with `roster check`, and prints one Markdown row per run: wall time, the
# whole plan's gap, peak memory (/usr/bin/time -v), violations.
#
#   bash scripts/scale-bench.sh "1 2 4 8 16" [extra solve flags...]
# Default flags: --threads 1 --time-limit 300 (default gap 0.1 %); --lang en is always
# added (the rows are read off the English summary). Uses target/debug/roster
# (build it first with `cargo build`).
set -euo pipefail
ks=${1:-"1 2 4 8 16"}
shift || true
flags=("$@")
if [ ${#flags[@]} -eq 0 ]; then flags=(--threads 1 --time-limit 300); fi
bin=target/debug/roster
work=$(mktemp -d)
echo "| K | consultation days | staff | wall | CPU | status | gap vs joint bound | gap given dates | objective | peak memory | violations | roster check | load (uptime) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for k in $ks; do
  model="$work/k$k.toml"
  info=$($bin generate models/saitama-2023.toml --copies "$k" --out "$model")
  staff=$(echo "$info" | sed -E 's/.* ([0-9]+) staff.*/\1/')
  days=$(echo "$info" | sed -E 's/.* ([0-9]+) consultation days.*/\1/')
  load=$(uptime | sed -E 's/.*load average: ([0-9.]+).*/\1/')
  set +e
  /usr/bin/time -v "$bin" solve "$model" --out "$work/p$k" --force --lang en "${flags[@]}" >"$work/out$k" 2>"$work/err$k"
  set -e
  wall=$(grep "Elapsed (wall clock)" "$work/err$k" | awk '{print $NF}')
  mem=$(grep "Maximum resident" "$work/err$k" | awk '{printf "%.2f GB", $NF/1048576}')
  status=$(grep -m1 "^status:" "$work/out$k" | awk '{print $2}')
  gap=$(grep -m1 "^status:" "$work/out$k" | awk '{print $4}')
  dgap=$(grep -m1 "^gap of staffing given these dates" "$work/out$k" | awk '{print $NF}')
  obj=$(grep -m1 "^objective" "$work/out$k" | awk '{print $2}')
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f s", s}' "$work/err$k")
  viol=$(grep -m1 "^violations" "$work/out$k" | sed -E 's/violations: //')
  set +e
  "$bin" check "$model" "$work/p$k" >"$work/check$k" 2>&1
  chk=$?
  set -e
  echo "| $k | $days | $staff | $wall | $cpu | $status | $gap | ${dgap:--} | $obj | $mem | $viol | exit $chk | $load |"
done
rm -rf "$work"
