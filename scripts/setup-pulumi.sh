#!/usr/bin/env bash
# npm run setup:pulumi — make the Pulumi CLI available offline, built from Go modules.
#
# Result: <repo>/.tools/pulumi/bin/{pulumi, pulumi-language-nodejs, pulumi-resource-pulumi-nodejs}
#   - pulumi                         github.com/pulumi/pulumi/pkg/v3/cmd/pulumi @ v3.274.1
#   - pulumi-language-nodejs         our own Node.js language host, tools/pulumi-cli/cmd/pulumi-language-nodejs
#                                    (Pulumi's host module is not served by the Go module proxy; see
#                                    tools/pulumi-cli/README.md); GenerateProgram for `pulumi import`
#   - pulumi-resource-pulumi-nodejs  copied from node_modules/@pulumi/pulumi (run `npm ci` first)
#   - pulumi-language-yaml           github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml @ v1.25.0, for
#                                    the provider plugin's YAML programs (test/e2e/plugin-yaml.test.ts); built
#                                    in its own module (it does not build inside tools/pulumi-cli's), ~8 min
#                                    cold, with its own stamp; also when the CLI itself comes from elsewhere
#   - pulumi-language-go             our own Go language host, tools/pulumi-cli/cmd/pulumi-language-go
#                                    (Pulumi's module github.com/pulumi/pulumi/sdk/go/pulumi-language-go/v3 is
#                                    not served by the Go module proxy: 403), for Go programs on the generated
#                                    SDK and `pulumi import` into them; in the CLI's module (code generation
#                                    needs pkg/v3), with its own stamp: the module's stamp (below), so it is
#                                    also built when the CLI itself comes from elsewhere
#
# Order of checks:
#   1. scripts/pulumi-path.js (THE lookup rule, also used by the demo, the e2e tests and the bench) finds a
#      CLI in $PULUMI_CLI_DIR or on PATH                                   -> use it, exit 0
#   2. .tools/pulumi/bin complete, `pulumi version` = v3.274.1, built from the current
#      tools/pulumi-cli sources (stamp file)                              -> cached, exit 0
#   3. otherwise build (Go module cache ~/go/pkg/mod and build cache ~/.cache/go-build stay in their
#      default places, so a rebuild on the same machine is fast).
# PULUMI_SETUP_FORCE=1 skips checks 1 and 2.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="v3.274.1"
MODDIR="$REPO/tools/pulumi-cli"
BIN="$REPO/.tools/pulumi/bin"
STAMP="$BIN/.build-stamp"
PLUGIN_SCRIPT="$REPO/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
EXES=(pulumi pulumi-language-nodejs pulumi-resource-pulumi-nodejs)
START=$SECONDS

YAML_VERSION="v1.25.0"
YAML_STAMP="$BIN/.yaml-stamp"

log() { printf '[setup:pulumi %4ds] %s\n' "$((SECONDS - START))" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# A language host built from Go sources into $BIN, cached by a stamp (what it was built from):
#   ensure_host NAME STAMP_FILE WANT BUILD_FUNCTION   (BUILD_FUNCTION OUT_FILE builds NAME into OUT_FILE)
ensure_host() {
  local name="$1" stamp_file="$2" want="$3" build="$4" have="" tmp
  [ -f "$stamp_file" ] && have="$(cat "$stamp_file")"
  if [ -z "${PULUMI_SETUP_FORCE:-}" ] && [ -x "$BIN/$name" ] && [ "$have" = "$want" ]; then
    log "cached: $BIN/$name"
    return 0
  fi
  command -v go >/dev/null 2>&1 || die "go is not installed (needs Go >= 1.26.6)"
  log "building $name"
  mkdir -p "$BIN"
  tmp="$(mktemp -d "$BIN/.$name.XXXXXX")"
  "$build" "$tmp/$name" || { rm -rf "$tmp"; die "building $name failed"; }
  rm -f "$stamp_file"
  mv -f "$tmp/$name" "$BIN/$name"
  rm -rf "$tmp"
  echo "$want" > "$stamp_file"
  log "done: $BIN/$name"
}

# The YAML language host: `go install` of its own module at a fixed version (~8 min cold on 2 cores).
# Outside any module, without our -mod=mod: `go install pkg@version` uses that module's own go.mod.
build_yaml_host() {
  local out="$1"
  (cd "$(dirname "$out")" && GOFLAGS=-buildvcs=false CGO_ENABLED=0 GOBIN="$(dirname "$out")" go install -trimpath "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$YAML_VERSION")
}

# Our Go language host (tools/pulumi-cli/cmd/pulumi-language-go: Pulumi's is not served by the Go module
# proxy), for Go programs on the generated Go SDK (test/e2e/plugin-go.test.ts, plugin-import-go.test.ts).
# It shares the CLI's module and build cache: ~5 s after the CLI build, as long as the CLI's own build cold.
build_go_host() {
  (cd "$MODDIR" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath \
    -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$VERSION" -o "$1" ./cmd/pulumi-language-go)
}

# Both hosts, installed into $BIN whichever CLI is used.
ensure_language_hosts() {
  local go_version
  go_version="$(go version 2>/dev/null || echo no-go)"
  ensure_host pulumi-language-yaml "$YAML_STAMP" "$YAML_VERSION $go_version" build_yaml_host
  # The module's stamp: any change under tools/pulumi-cli (the host, internal/programgen, go.mod) rebuilds it.
  ensure_host pulumi-language-go "$BIN/.go-host-stamp" "$(stamp)" build_go_host
}

# Stamp = what the binaries were built from: our wrapper module's files (cmd/, internal/, go.mod, go.sum)
# and the Go version.
stamp() {
  {
    echo "$VERSION"
    go version 2>/dev/null || echo "no-go"
    (cd "$MODDIR" && find . -type f \( -name '*.go' -o -name 'go.mod' -o -name 'go.sum' \) -print0 \
      | LC_ALL=C sort -z | xargs -0 sha256sum)
  } | sha256sum | cut -d' ' -f1
}

# 1. A CLI the lookup rule picks before ours (PULUMI_CLI_DIR or PATH; our own .tools copy goes through the
#    cache check below, even when it is on PATH).
if [ -z "${PULUMI_SETUP_FORCE:-}" ]; then
  if ! found="$(node "$REPO/scripts/pulumi-path.js" --source 2>&1)"; then
    # A broken PULUMI_CLI_DIR is not repaired by building: every lookup would still refuse it.
    [ -n "${PULUMI_CLI_DIR:-}" ] && die "$found (unset PULUMI_CLI_DIR to use the CLI built here)"
    found=""
  fi
  source_kind="${found%% *}"
  dir="${found#* }"
  if [ -n "$found" ] && [ "$source_kind" != "tools" ] && [ "$(cd "$dir" && pwd -P)" != "$(mkdir -p "$BIN" && cd "$BIN" && pwd -P)" ]; then
    log "Pulumi CLI from $source_kind: $dir ($(PULUMI_SKIP_UPDATE_CHECK=true "$dir/pulumi" version 2>/dev/null || echo '?')); nothing to build"
    ensure_language_hosts
    exit 0
  fi
fi

# 2. Cached build.
if [ -z "${PULUMI_SETUP_FORCE:-}" ] && [ -x "$BIN/pulumi" ] && [ -x "$BIN/pulumi-language-nodejs" ] \
  && [ -x "$BIN/pulumi-resource-pulumi-nodejs" ] && [ -f "$STAMP" ]; then
  have="$(PULUMI_SKIP_UPDATE_CHECK=true "$BIN/pulumi" version 2>/dev/null || true)"
  if [ "$have" = "$VERSION" ] && [ "$(cat "$STAMP")" = "$(stamp)" ]; then
    log "cached: $BIN has pulumi $have, pulumi-language-nodejs, pulumi-resource-pulumi-nodejs"
    ensure_language_hosts
    exit 0
  fi
  log "cache in $BIN is stale (pulumi version '${have}', or tools/pulumi-cli changed); rebuilding"
fi

# 3. Build.
command -v go >/dev/null 2>&1 || die "go is not installed (needs Go >= 1.26.6)"
[ -f "$PLUGIN_SCRIPT" ] || die "$PLUGIN_SCRIPT not found: run 'npm ci' first"
log "building Pulumi CLI $VERSION from Go modules with $(go version | cut -d' ' -f3) on $(nproc) cores"
log "Go module cache: $(go env GOMODCACHE), build cache: $(go env GOCACHE)"

# -mod=mod: let go fill in go.sum lines itself if a Go release needs more than the committed ones.
# CGO_ENABLED=0: static binaries like Pulumi's own releases, and no C compiler needed.
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod"
export CGO_ENABLED=0
LDFLAGS="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$VERSION"
mkdir -p "$BIN"
TMP="$(mktemp -d "$BIN/.build.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

cd "$MODDIR"
log "step 1/4: go mod download (modules from the Go module proxy into the module cache)"
go mod download
log "step 1/4 done; module cache now $(du -sh "$(go env GOMODCACHE)" 2>/dev/null | cut -f1)"

log "step 2/4: go build github.com/pulumi/pulumi/pkg/v3/cmd/pulumi (the long one: ~8 min cold on 2 cores)"
go build -trimpath -ldflags "$LDFLAGS" -o "$TMP/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
log "step 2/4 done"

log "step 3/4: go build ./cmd/pulumi-language-nodejs"
go build -trimpath -ldflags "$LDFLAGS" -o "$TMP/pulumi-language-nodejs" ./cmd/pulumi-language-nodejs
log "step 3/4 done"

log "step 4/4: install into $BIN (+ pulumi-resource-pulumi-nodejs from node_modules/@pulumi/pulumi)"
cp "$PLUGIN_SCRIPT" "$TMP/pulumi-resource-pulumi-nodejs"
chmod +x "$TMP"/pulumi "$TMP"/pulumi-language-nodejs "$TMP"/pulumi-resource-pulumi-nodejs
rm -f "$STAMP"
for x in "${EXES[@]}"; do mv -f "$TMP/$x" "$BIN/$x"; done
have="$(PULUMI_SKIP_UPDATE_CHECK=true "$BIN/pulumi" version)"
[ "$have" = "$VERSION" ] || die "built pulumi reports version '$have', expected $VERSION"
stamp > "$STAMP"
log "done: $BIN (pulumi $have); module cache $(du -sh "$(go env GOMODCACHE)" 2>/dev/null | cut -f1), build cache $(du -sh "$(go env GOCACHE)" 2>/dev/null | cut -f1)"
ensure_language_hosts
