# Sourced by the project's scripts: puts the project-local Node 24 and Yarn 4 first on PATH.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export NODE_VERSION=24.21.0
export YARN_VERSION=4.18.1
export TOOLCHAIN_DIR="$root/.toolchain"
export NODE_HOME="$TOOLCHAIN_DIR/node-$NODE_VERSION"
export YARN_HOME="$TOOLCHAIN_DIR/yarn-$YARN_VERSION"
export PATH="$TOOLCHAIN_DIR/bin:$NODE_HOME/bin:$PATH"
# Native addons (better-sqlite3) must compile against Node 24's headers, not the system Node's.
export npm_config_nodedir="$NODE_HOME"
export YARN_ENABLE_TELEMETRY=0
export YARN_ENABLE_GLOBAL_CACHE=1
# Yarn's cache, shared by this repository and the adopter portal; another
# folder with TENANT_PLATFORM_YARN_FOLDER (e.g. an empty one, to time a cold run).
export YARN_GLOBAL_FOLDER="${TENANT_PLATFORM_YARN_FOLDER:-${XDG_CACHE_HOME:-$HOME/.cache}/tenant-platform/yarn}"
