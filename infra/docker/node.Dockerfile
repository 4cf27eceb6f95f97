# syntax=docker/dockerfile:1
#
# One image recipe for every Node service of the workspace. Build from the
# repository root (the context), naming the workspace package:
#
#   docker build -f infra/docker/node.Dockerfile --build-arg PACKAGE=@reprise/runner -t reprise/runner .
#
# The build stage installs the whole workspace from the lockfile, builds the
# service and every workspace package it depends on (`PACKAGE...`: contracts
# and runtime, whose dist/ the service imports), then
# `pnpm deploy` copies the service with its production dependencies only,
# workspace packages included as real folders, into /out. The runtime stage
# keeps /out and nothing else: no sources, no compiler, no dev dependencies.
#
# The default command starts dist/main.js; a package with a second entry point
# (the runner's worker) is started from the same image with another command,
# e.g. `node dist/worker.main.js` (see docker-compose.yml).

ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-slim AS build
ARG PNPM_VERSION=12.4.2
# The version pinned in package.json's packageManager (the infra test checks
# they agree), installed with npm as infra/bootstrap.sh does on a developer's
# machine.
RUN npm install --global "pnpm@${PNPM_VERSION}" && pnpm --version
ENV CI=true
WORKDIR /repo

# Dependencies first: this layer is reused until the lockfile changes, however
# often the sources do.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch

COPY . .
RUN pnpm install --frozen-lockfile --offline

ARG PACKAGE
RUN test -n "${PACKAGE}" || { echo 'build arg PACKAGE is required, e.g. --build-arg PACKAGE=@reprise/runner' >&2; exit 1; }
RUN pnpm --filter "${PACKAGE}..." build \
 && pnpm --filter "${PACKAGE}" deploy --prod /out \
 && test -f /out/package.json && test -d /out/dist

FROM node:${NODE_VERSION}-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and run as `node`: the process cannot rewrite its own code.
COPY --from=build /out ./
USER node
CMD ["node", "dist/main.js"]
