#!/usr/bin/env bash
# Builds (once, cached by version under .tools/testbed/) the programs of the local
# Kubernetes testbed the kube adapter is tested against:
#   - etcd                                   Debian package `etcd-server`
#   - kube-apiserver, -controller-manager,   go build from k8s.io/kubernetes through the
#     -scheduler                             wrapper module in scripts/testbed/k8s/
#   - kwok + the stages shipped in its module go install sigs.k8s.io/kwok/cmd/kwok
#   - istioctl + Istio's CRDs                go install istio.io/istio/istioctl/cmd/istioctl
# Idempotent: a second run only checks the stamp files. A cold build takes ~10 min
# on 2 cores (the Kubernetes binaries dominate); with a warm Go build cache ~1 min.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=versions.sh
source "$here/versions.sh"
cache="${GAMEDAY_TESTBED_TOOLS:-$root/.tools/testbed}"

say() { echo "testbed-build: $*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif have sudo; then sudo "$@"
  else say "need root for: $*"; return 1
  fi
}

# A build is done when its stamp exists; the stamp is written last, so an
# interrupted build is redone rather than trusted.
built() { [ -f "$1/.built" ]; }
stamp() { date -u +%FT%TZ >"$1/.built"; }

if ! have go; then
  say "Go is not installed: the testbed builds Kubernetes, kwok and istioctl from source (https://go.dev/dl/)"
  exit 1
fi

# --- etcd --------------------------------------------------------------------
if have etcd; then
  say "etcd present: $(command -v etcd)"
else
  if ! have apt-get; then
    say "etcd missing and apt-get is not available: install etcd 3.4+ and put it on PATH"
    exit 1
  fi
  if ! apt-cache policy etcd-server 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    as_root apt-get update -qq
  fi
  say "installing etcd-server with apt-get"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends etcd-server >/dev/null
fi

# --- Kubernetes control plane ------------------------------------------------
k8s="$cache/k8s-$K8S_VERSION"
if built "$k8s"; then
  say "kubernetes $K8S_VERSION present: $k8s/bin"
else
  mkdir -p "$k8s/bin"
  say "building kube-apiserver, kube-controller-manager, kube-scheduler $K8S_VERSION (cold: ~9 min)"
  # One `go build` for the three shares the compilation of their common packages.
  (cd "$here/k8s" && go build -trimpath -o "$k8s/bin/" \
    k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler)
  stamp "$k8s"
  say "kubernetes $K8S_VERSION built"
fi

# --- kwok ----------------------------------------------------------------------
kwok="$cache/kwok-$KWOK_VERSION"
if built "$kwok"; then
  say "kwok $KWOK_VERSION present: $kwok/bin/kwok"
else
  mkdir -p "$kwok/bin" "$kwok/stages"
  say "building kwok $KWOK_VERSION"
  GOBIN="$kwok/bin" go install "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  src="$(go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  # The upstream stages the testbed uses: nodes go Ready and keep a lease, pods
  # run, complete and are deleted the way a kubelet would do it.
  for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
    pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
    cp "$src/kustomize/stage/$f" "$kwok/stages/$(echo "$f" | tr / -)"
  done
  chmod u+w "$kwok/stages"/*
  stamp "$kwok"
  say "kwok $KWOK_VERSION built"
fi

# --- istioctl + CRDs -----------------------------------------------------------
istio="$cache/istio-$ISTIO_VERSION"
if built "$istio"; then
  say "istioctl ($ISTIO_VERSION) present: $istio/bin/istioctl"
else
  mkdir -p "$istio/bin"
  say "building istioctl ($ISTIO_VERSION)"
  GOBIN="$istio/bin" go install "istio.io/istio/istioctl/cmd/istioctl@$ISTIO_VERSION"
  src="$(go mod download -json "istio.io/istio@$ISTIO_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  cp "$src/manifests/charts/base/files/crd-all.gen.yaml" "$istio/crd-all.gen.yaml"
  chmod u+w "$istio/crd-all.gen.yaml"
  stamp "$istio"
  say "istioctl built"
fi

say "ready: $cache"
