#!/usr/bin/env bash
# Runs etcd 3.4.23's own end-to-end tests for etcdctl (tests/e2e, shipped by Debian's golang-etcd-server-dev)
# against our bin/etcdctl and the real etcd server: every test that spawns etcdctl must pass.
#
#   scripts/etcd-e2e.sh                     # ours (run `npm run build` first; `npm run test:etcd-e2e` does)
#   ETCD_E2E_ETCDCTL=/usr/bin/etcdctl scripts/etcd-e2e.sh   # the reference etcdctl, as the baseline
#   scripts/etcd-e2e.sh '^TestCtlV3PutTimeout$'             # a -test.run pattern of your own instead
#
# Environment: ETCD_E2E_ETCDCTL (the etcdctl to test; default this checkout's bin/etcdctl), ETCD_E2E_ETCD
# (the etcd server; default /usr/bin/etcd, Debian's etcd-server 3.4.23),
# ETCD_E2E_CACHE (where the GOPATH copy and the built test binary are kept; default
# ~/.cache/etcdctl-ts/etcd-e2e; the last run's log is kept there as last-run.log), ETCD_E2E_TIMEOUT
# (go test -test.timeout, default 40m).
# Exit status: 0 only when every selected test passed (TestReleaseUpgrade* may skip: they need an
# etcd-last-release binary). The last line is `N passed, N failed, N skipped`.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
etcdctl="${ETCD_E2E_ETCDCTL:-$repo/bin/etcdctl}"
etcd="${ETCD_E2E_ETCD:-/usr/bin/etcd}"
cache="${ETCD_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/etcdctl-ts/etcd-e2e}"
timeout="${ETCD_E2E_TIMEOUT:-40m}"
gocode=/usr/share/gocode
pkg=go.etcd.io/etcd/tests/e2e
fixtures="$gocode/src/go.etcd.io/etcd/integration/fixtures"
# Every test that spawns etcdctl (ctl_v2/v3 tests, the v2 curl and gateway tests, the metrics and corrupt-hash
# tests), plus the release-upgrade tests, which skip without an etcd-last-release binary.
default_run='^(TestCtlV2.*|TestCtlV3.*|TestIssue6361|TestV2CurlIssue5182|TestGateway|TestV3Metrics.*|TestEtcdCorruptHash|TestReleaseUpgrade.*)$'
run="${1:-$default_run}"
may_skip='^TestReleaseUpgrade'

log() { printf 'etcd-e2e: %s\n' "$*" >&2; }
die() { log "$*"; exit 2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

installed() { [ "$(dpkg-query -W -f '${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]; }

install_missing() {
  local missing=() p
  for p in golang-etcd-server-dev golang-github-stretchr-testify-dev etcd-server; do
    installed "$p" || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return
  log "installing ${missing[*]} (Debian packages)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# The package's go.mod names the Go it was written for; a newer Go's vet finds things in the old test code
# that stop `go test -c`, so vet is turned off then.
vet_flag() {
  local code_go machine_go
  code_go="$(awk '$1 == "go" { print $2; exit }' "$gocode/src/go.etcd.io/etcd/go.mod" 2>/dev/null || true)"
  machine_go="$(go env GOVERSION)"; machine_go="${machine_go#go}"
  if [ -z "$code_go" ] || [ "$(printf '%s\n%s\n' "$code_go" "$machine_go" | sort -V | tail -1)" != "$code_go" ]; then
    echo -vet=off
  fi
}

# Builds the test binary once per (package version, Go version) into the cache; sets test_binary.
build_test_binary() {
  local pkg_version go_version key gopath binary
  pkg_version="$(dpkg-query -W -f '${Version}' golang-etcd-server-dev)"
  go_version="$(go env GOVERSION)"
  key="${pkg_version//[^A-Za-z0-9.+-]/_}-${go_version}"
  gopath="$cache/gopath-$key"
  binary="$cache/e2e-$key.test"
  test_binary="$binary"
  if [ -x "$binary" ]; then return; fi
  mkdir -p "$cache"
  if [ ! -e "$gopath/.complete" ]; then
    log "copying $gocode to a writable GOPATH ($gopath)"
    rm -rf "$gopath" "$gopath.tmp"
    cp -a "$gocode" "$gopath.tmp"
    touch "$gopath.tmp/.complete"
    mv "$gopath.tmp" "$gopath"
  fi
  log "building $pkg with $go_version (once; cached as $binary)"
  (cd "$gopath/src/$pkg" &&
    GOPATH="$gopath" GO111MODULE=off GOFLAGS= go test -c $(vet_flag) -o "$binary.tmp" .) >&2
  mv "$binary.tmp" "$binary"
}

# A private network namespace: tests that listen on fixed ports (2379, 20000, …) cannot collide with anything
# else on this machine. Unprivileged users get one through a user namespace.
in_private_network() {
  local unshare=(unshare -n)
  [ "$(id -u)" -eq 0 ] || unshare=(unshare -r -n)
  "${unshare[@]}" -- bash -c 'ip link set lo up && exec "$@"' netns "$@"
}

# Reads the -test.v log: prints the counts line and returns non-zero unless every test that started passed
# (skips allowed only for $may_skip). A test that started without a verdict (a panic, the timeout) is failed.
summarize() {
  awk -v may_skip="$may_skip" '
    /^=== RUN   / { name = $3; if (name !~ /\//) started[name] = 1 }
    /^--- (PASS|FAIL|SKIP): / {
      verdict = substr($2, 1, 4); name = $3; done[name] = 1
      if (verdict == "PASS") passed++
      else if (verdict == "FAIL") { failed++; failures = failures " " name }
      else if (name ~ may_skip) skipped++
      else { skipped++; bad_skips = bad_skips " " name }
    }
    END {
      for (name in started) if (!(name in done)) { failed++; failures = failures " " name " (no verdict)" }
      if (failures != "") print "failed:" failures
      if (bad_skips != "") print "skipped but required to pass:" bad_skips
      printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped
      exit (failed > 0 || bad_skips != "" || passed == 0) ? 1 : 0
    }' "$1"
}

main() {
  command -v go >/dev/null || die "needs Go (golang-go) to build etcd's tests"
  command -v unshare >/dev/null && command -v ip >/dev/null || die "needs unshare (util-linux) and ip (iproute2)"
  install_missing
  [ -x "$etcdctl" ] || die "no etcdctl at $etcdctl (run npm run build, or set ETCD_E2E_ETCDCTL)"
  [ -d "$fixtures" ] || die "no TLS fixtures at $fixtures"

  local status start elapsed
  build_test_binary
  work="$(mktemp -d "${TMPDIR:-/tmp}/etcd-e2e.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  mkdir "$work/bin" "$work/tmp"
  [ -x "$etcd" ] || die "no etcd at $etcd"
  ln -s "$(realpath "$etcd")" "$work/bin/etcd"
  ln -s "$(realpath "$etcdctl")" "$work/bin/etcdctl"
  log "etcd: $("$work/bin/etcd" --version | head -1); etcdctl: $etcdctl"

  # The tests write fixed names in the temp dir (test.snapshot, test.data) and in the working directory
  # (test3.snapshot, snap.etcd): both are private to this run, so runs cannot collide. The working directory
  # is tests/e2e of a tree of our own, because the JWT tests name their keys by ../../integration/fixtures.
  mkdir -p "$work/tree/tests/e2e" "$work/tree/integration"
  ln -s "$fixtures" "$work/tree/integration/fixtures"
  ln -s "$gocode/src/go.etcd.io/etcd/etcd.conf.yml.sample" "$work/tree/etcd.conf.yml.sample"
  # Our own ETCD_E2E_* settings and any ETCD_*/ETCDCTL_* of the caller's shell must not reach etcd or etcdctl.
  local v
  for v in $(compgen -e); do case "$v" in ETCD_*|ETCDCTL_*) unset "$v" ;; esac; done
  unset FORCE_COLOR
  export TMPDIR="$work/tmp" NO_COLOR=1

  start=$SECONDS
  set +e
  (cd "$work/tree/tests/e2e" && in_private_network "$test_binary" -test.v -test.timeout "$timeout" -test.run "$run" \
      -bin-dir "$work/bin" -cert-dir "$fixtures") 2>&1 | tee "$work/log"
  status=${PIPESTATUS[0]}
  set -e
  elapsed=$((SECONDS - start))

  # go test's own closing line for the package, which running the binary directly does not print.
  if [ "$status" -eq 0 ]; then printf 'ok  \t%s\t%ds\n' "$pkg" "$elapsed"; else printf 'FAIL\t%s\t%ds\n' "$pkg" "$elapsed"; fi
  cp "$work/log" "$cache/last-run.log"
  summarize "$work/log" || status=1
  return "$status"
}

main "$@"
