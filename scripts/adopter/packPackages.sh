#!/usr/bin/env bash
# Builds the five @tenant-platform packages and packs each into <out dir> as an
# npm tarball, the way `yarn pack` publishes them (prepack: publishConfig and
# dist entry points; workspace ranges become versions), without touching the
# working tree's package.json files: each package is staged in a temporary copy.
#
#   scripts/adopter/packPackages.sh <out dir>
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$(mkdir -p "$1" && cd "$1" && pwd)"
# Inside the repository: the CLI's prepack looks for the repository root.
stage="$root/.adopter-stage"
rm -rf "$stage"
trap 'rm -rf "$stage"' EXIT
cli="$root/node_modules/.bin/backstage-cli"
# Package builds take their type declarations from the root type check (dist-types/).
(cd "$root" && yarn tsc >&2)

for dir in "$root"/plugins/*/; do
  echo "[pack] building $(basename "$dir")" >&2
  (cd "$dir" && "$cli" package build >&2)
done

# One staged copy at a time: the CLI reads every package.json it finds below
# the repository, and a staged one would look like a second copy of a package.
for dir in "$root"/plugins/*/; do
  copy="$stage/$(basename "$dir")"
  mkdir -p "$copy"
  # What `files` lists, plus package.json; README and LICENSE are added by npm.
  node -e '
    const p = require(process.argv[1] + "/package.json");
    console.log([...(p.files ?? []), "README.md", "LICENSE"].join("\n"));
  ' "$dir" | while read -r entry; do
    if [ -e "$dir/$entry" ]; then cp -r "$dir/$entry" "$copy/"; fi
  done
  cp "$dir/package.json" "$copy/"
  (cd "$copy" && "$cli" package prepack >&2)
  node "$root/scripts/adopter/resolveWorkspaceRanges.mjs" "$copy/package.json" "$root"
  (cd "$copy" && npm pack --silent --ignore-scripts --pack-destination "$out" >/dev/null)
  rm -rf "$copy"
done
ls -l "$out" >&2
