#!/usr/bin/env bash
# npm run pack:plugin [-- --no-build] [-- --out DIR]
# The provider plugin's release tarball, for `pulumi plugin install resource eternus VERSION --file <it>`:
#   pulumi-resource-eternus-v<version>-linux-amd64.tar.gz (version from package.json), in dist/release/
#   unless --out says otherwise. At its root: the executable pulumi-resource-eternus (bin/'s wrapper, which
#   runs node on the bundled dist/provider/plugin/main.js), package.json (the version the plugin reports),
#   LICENSE, dist/provider and node_modules with the plugin's run-time packages (scripts/plugin-deps.js).
# Type declarations and source maps are left out (nothing loads them at run time). The engine refuses
# links in a plugin tarball, so everything is copied dereferenced and the staging folder is checked.
# The content is JavaScript only (no native module); it needs node >= 20.18.1 and a POSIX sh on the host.
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
out="dist/release"
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --out) out="${2:?--out needs a folder}"; shift ;;
    *) echo "pack-plugin: unknown argument $1 (known: --no-build, --out DIR)" >&2; exit 2 ;;
  esac
  shift
done

[ "$build" = 1 ] && npm run build
[ -f dist/provider/plugin/main.js ] && [ -f dist/provider/plugin/schema.json ] \
  || { echo "pack-plugin: dist/provider/plugin is not built: run npm run build" >&2; exit 1; }

version="$(node -p 'require("./package.json").version')"
name="pulumi-resource-eternus-v${version}-linux-amd64.tar.gz"
stage="$(mktemp -d "${TMPDIR:-/tmp}/eternus-plugin-pack.XXXXXX")"
trap 'rm -rf "$stage"' EXIT

install -m 755 bin/pulumi-resource-eternus "$stage/pulumi-resource-eternus"
cp package.json LICENSE "$stage/"
mkdir -p "$stage/dist"
cp -RL dist/provider "$stage/dist/provider"
node scripts/plugin-deps.js "$stage" >/dev/null
find "$stage" -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.cts' -o -name '*.d.mts' \) \
  -not -path '*/vendor/*' -delete   # vendor/: @pulumi/pulumi's own TypeScript keeps its lib declarations

links="$(find "$stage" -type l -o -type f -links +1)"
[ -z "$links" ] || { echo "pack-plugin: links in the staging folder:" >&2; echo "$links" >&2; exit 1; }

# Reproducible: sorted names, no owners, one timestamp (the last commit's, or SOURCE_DATE_EPOCH).
epoch="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}"
mkdir -p "$out"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@${epoch}" -C "$stage" -cf - \
  pulumi-resource-eternus package.json LICENSE dist node_modules | gzip -9n > "$out/$name"
echo "$out/$name $(wc -c < "$out/$name") bytes ($(du -sh "$stage" | cut -f1) unpacked)"
