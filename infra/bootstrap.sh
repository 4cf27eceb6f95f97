# Sourced by start.sh and test.sh: installs what this machine lacks for
# Reprise (pnpm at the pinned version, the workspace's packages), so both
# commands work on a fresh clone. Prints progress to stderr.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
PNPM_VERSION=$(node -p "require('$REPO_ROOT/package.json').packageManager.split('@')[1]" 2>/dev/null || true)

say() { printf '\033[1m[reprise]\033[0m %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

command -v node >/dev/null || die "Node.js 20.19 or newer is required (none found on PATH)"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || die "Node.js 20.19 or newer is required (found $(node --version))"
[ -n "$PNPM_VERSION" ] || die "could not read packageManager from package.json"

if [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  say "installing pnpm $PNPM_VERSION"
  npm install --global --silent "pnpm@$PNPM_VERSION" >&2 || die "could not install pnpm $PNPM_VERSION with npm"
  hash -r
fi

say "installing packages (pnpm install --frozen-lockfile)"
(cd "$REPO_ROOT" && pnpm install --frozen-lockfile --reporter=silent >&2) || die "pnpm install failed"
