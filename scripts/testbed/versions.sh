# Pinned versions of everything the Kubernetes testbed runs. Sourced by build.sh;
# the TypeScript side reads the same file (test/support/testbed-paths.ts), so a bump
# here is the only edit a version change needs.
K8S_VERSION=v1.36.3
KWOK_VERSION=v0.8.0
# istio.io/istio publishes no semver tags to the module proxy; this is the
# pseudo-version it serves (`go list -m istio.io/istio@latest`), VERSION file 1.31.
ISTIO_VERSION=v0.0.0-20260827124520-eed52ebb66ad
