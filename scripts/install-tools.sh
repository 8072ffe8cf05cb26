#!/usr/bin/env bash
# Installs the programs a GameDay runs, when they are missing:
#   - prometheus + promtool       (Debian package `prometheus`)
#   - alertmanager + amtool       (Debian package `prometheus-alertmanager`)
#   - vegeta v12.13.0 (MIT)       (go install into <project>/.tools/bin), the default load engine
#   - actionlint v1.7.12          (go install into <project>/.tools/bin; checks the CI workflows)
#   - tmux, chromium, openssl     (Debian packages; the tests drive them)
# k6 is never installed here: it is the user's own tool, used when found on PATH.
# Idempotent and quick when everything is there: it only looks. It never
# upgrades a tool that is already installed; `gameday doctor` reports versions.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools/bin"
vegeta_version="12.13.0"
vegeta_module="github.com/tsenart/vegeta/v12"

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

# --- test-only programs: tmux runs the pager's terminal test, chromium renders the debrief page,
# openssl makes the client certificates of the cluster tests ---
for pkg in tmux chromium openssl; do
  if have "$pkg"; then say "$pkg present: $(command -v "$pkg")"; else apt_install "$pkg"; fi
done
# --- end test-only programs ---

# A release binary prints its version with -version; one built with go install prints an empty
# one, and its module version is in the binary's build info (`go version -m`), as the harness reads it.
vegeta_is_pinned() {
  [ -x "$1" ] || return 1
  "$1" -version 2>/dev/null | grep -Eq "^Version: v?$vegeta_version\b" && return 0
  have go && go version -m "$1" 2>/dev/null | grep -Eq "^\s+mod\s+$vegeta_module\s+v$vegeta_version\b"
}

if vegeta_is_pinned "$tools/vegeta"; then
  say "vegeta v$vegeta_version present: $tools/vegeta"
elif [ -n "${GAMEDAY_VEGETA:-}" ] && vegeta_is_pinned "$GAMEDAY_VEGETA"; then
  say "vegeta v$vegeta_version present: GAMEDAY_VEGETA=$GAMEDAY_VEGETA"
elif have vegeta && vegeta_is_pinned "$(command -v vegeta)"; then
  say "vegeta v$vegeta_version present: $(command -v vegeta)"
else
  if ! have go; then
    say "vegeta v$vegeta_version missing and Go is not installed: install Go (https://go.dev/dl/), or put the v$vegeta_version release binary from https://github.com/tsenart/vegeta/releases at $tools/vegeta"
    exit 1
  fi
  mkdir -p "$tools"
  say "building vegeta v$vegeta_version: GOBIN=$tools go install $vegeta_module@v$vegeta_version"
  GOBIN="$tools" go install "$vegeta_module@v$vegeta_version"
  say "vegeta installed: $tools/vegeta"
fi

# --- actionlint (the tests check .github/workflows with it; MIT, github.com/rhysd/actionlint) ---
actionlint_version="1.7.12"
actionlint_is_pinned() { [ -x "$1" ] && "$1" -version 2>/dev/null | head -n 1 | grep -qx "v$actionlint_version"; }
if actionlint_is_pinned "$tools/actionlint"; then
  say "actionlint v$actionlint_version present: $tools/actionlint"
elif ! have go; then
  say "actionlint v$actionlint_version missing and Go is not installed: install Go, or put the v$actionlint_version release binary from https://github.com/rhysd/actionlint/releases at $tools/actionlint"
  exit 1
else
  mkdir -p "$tools"
  say "building actionlint v$actionlint_version: GOBIN=$tools go install github.com/rhysd/actionlint/cmd/actionlint@v$actionlint_version"
  GOBIN="$tools" go install "github.com/rhysd/actionlint/cmd/actionlint@v$actionlint_version"
fi
# --- end actionlint ---
