#!/usr/bin/env bash
# The start command: database, Redis, every service and the web page, with the
# local simulator as the default model. Ctrl-C stops the services (the
# database and Redis keep running; `bash infra/local.sh down` stops those).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$REPO_ROOT"

eval "$(bash infra/local.sh)"

# The key that seals provider credentials in the runner's database, made once
# and kept in .local/ (git-ignored): a new key would leave every stored
# provider key unreadable. A PROVIDER_ENCRYPTION_KEY set in the shell wins.
KEY_FILE=.local/provider-encryption-key
if [ -z "${PROVIDER_ENCRYPTION_KEY:-}" ]; then
  if [ ! -s "$KEY_FILE" ]; then
    mkdir -p "$(dirname "$KEY_FILE")"
    (umask 077 && node -e 'process.stdout.write(require("node:crypto").randomBytes(32).toString("base64"))' > "$KEY_FILE.tmp" && mv "$KEY_FILE.tmp" "$KEY_FILE") \
      || die "could not write $KEY_FILE"
    say "generated the provider encryption key in $KEY_FILE: keep it, stored provider keys need it"
  fi
  PROVIDER_ENCRYPTION_KEY=$(cat "$KEY_FILE")
fi
export PROVIDER_ENCRYPTION_KEY

export GATEWAY_PORT=${GATEWAY_PORT:-4000} HISTORY_PORT=${HISTORY_PORT:-4001} RUNNER_PORT=${RUNNER_PORT:-4002}
export SIMULATOR_PORT=${SIMULATOR_PORT:-4010} WEB_PORT=${WEB_PORT:-5173}
export HISTORY_URL=http://127.0.0.1:$HISTORY_PORT RUNNER_URL=http://127.0.0.1:$RUNNER_PORT
export SIMULATOR_URL=${SIMULATOR_URL:-http://127.0.0.1:$SIMULATOR_PORT/v1}
export GATEWAY_URL=http://127.0.0.1:$GATEWAY_PORT
# A short pause between simulated tokens, so the page visibly streams.
export SIM_TTFT_MS=${SIM_TTFT_MS:-150} SIM_TOKEN_DELAY_MS=${SIM_TOKEN_DELAY_MS:-40} SIM_TOKENS=${SIM_TOKENS:-40}
export LOG_PRETTY=${LOG_PRETTY:-1}

# The default workspace, and its first API key (printed the first time only).
MONGO_URL=$MONGO_URL pnpm --silent --filter @reprise/history bootstrap

say "starting: web http://127.0.0.1:$WEB_PORT  ·  GraphQL $GATEWAY_URL/graphql"
if [ -n "${OPENAI_API_KEY:-}" ]; then say "OPENAI_API_KEY is set: OpenAI is the default provider"; fi
exec pnpm exec concurrently --kill-others-on-fail --names sim,history,runner,worker,gateway,web \
  --prefix-colors gray,blue,magenta,cyan,green,yellow \
  "pnpm --filter @reprise/simulator dev" \
  "pnpm --filter @reprise/history dev" \
  "pnpm --filter @reprise/runner dev:api" \
  "pnpm --filter @reprise/runner dev:worker" \
  "pnpm --filter @reprise/gateway dev" \
  "pnpm --filter @reprise/web dev"
