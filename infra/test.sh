#!/usr/bin/env bash
# The test command: installs what the tests need (packages, Debian's
# Chromium for the browser test), makes the database and Redis available,
# checks the generated GraphQL types, type-checks every package and runs every
# Jest project against the real services. Extra arguments go to Jest (e.g. --selectProjects gateway).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$REPO_ROOT"

if [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's chromium for the browser tests"
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq >&2 && $SUDO apt-get install -y -qq chromium >&2 \
    || die "could not install chromium (apt-get install chromium); the browser tests need /usr/bin/chromium"
fi

eval "$(bash infra/local.sh)"

# The GraphQL types are generated from the SDL and committed; a schema edited
# without `pnpm codegen` fails here, before anything else.
say "checking that the generated GraphQL types match the schema"
pnpm run --silent codegen:check

say "type-checking"
pnpm run --silent typecheck

say "running tests"
NODE_OPTIONS=--experimental-vm-modules pnpm exec jest "$@"
