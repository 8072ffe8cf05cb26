#!/usr/bin/env bash
# Installs the programs a GameDay runs, when they are missing:
#   - prometheus + promtool       (Debian package `prometheus`)
#   - alertmanager + amtool       (Debian package `prometheus-alertmanager`)
#   - k6 v1.8.1                   (go install into <project>/.tools/bin)
#   - tmux, chromium              (Debian packages; the training tests drive them)
# Idempotent and quick when everything is there: it only looks. It never
# upgrades a tool that is already installed; `gameday doctor` reports versions.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools/bin"
k6_version="1.8.1"
# k6 v1.x lives at go.k6.io/k6; v2 moved to go.k6.io/k6/v2.
k6_module="go.k6.io/k6"

say() { echo "install-tools: $*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif have sudo; then sudo "$@"
  else say "need root for: $*"; return 1
  fi
}

apt_updated=0
apt_install() {
  local pkg="$1"
  if ! have apt-get; then
    say "$pkg missing and apt-get is not available: install it from https://prometheus.io/download/ and put its binaries on PATH or in $tools"
    return 1
  fi
  # Refresh the package lists only when apt does not know the package yet.
  if [ "$apt_updated" = 0 ] && ! apt-cache policy "$pkg" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    say "apt-get update (no candidate for $pkg)"
    as_root apt-get update -qq
    apt_updated=1
  fi
  say "installing $pkg with apt-get"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null
}

if have prometheus && have promtool; then
  say "prometheus present: $(command -v prometheus)"
else
  apt_install prometheus
fi

if { have prometheus-alertmanager || have alertmanager; } && have amtool; then
  say "alertmanager present: $(command -v prometheus-alertmanager || command -v alertmanager)"
else
  apt_install prometheus-alertmanager
fi

# --- training: tmux runs the pager's terminal test, chromium renders the debrief page (test only) ---
for pkg in tmux chromium; do
  if have "$pkg"; then say "$pkg present: $(command -v "$pkg")"; else apt_install "$pkg"; fi
done
# --- end training ---

k6_is_pinned() { [ -x "$1" ] && "$1" version 2>/dev/null | grep -q "v$k6_version\b"; }

if k6_is_pinned "$tools/k6"; then
  say "k6 v$k6_version present: $tools/k6"
elif [ -n "${GAMEDAY_K6:-}" ] && k6_is_pinned "$GAMEDAY_K6"; then
  say "k6 v$k6_version present: GAMEDAY_K6=$GAMEDAY_K6"
elif have k6 && k6_is_pinned "$(command -v k6)"; then
  say "k6 v$k6_version present: $(command -v k6)"
else
  if ! have go; then
    say "k6 v$k6_version missing and Go is not installed: install Go, or put the v$k6_version release binary from https://github.com/grafana/k6/releases at $tools/k6"
    exit 1
  fi
  mkdir -p "$tools"
  say "building k6 v$k6_version: GOBIN=$tools go install $k6_module@v$k6_version"
  GOBIN="$tools" go install "$k6_module@v$k6_version"
  say "k6 installed: $("$tools/k6" version)"
fi
