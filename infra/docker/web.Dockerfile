# syntax=docker/dockerfile:1
#
# The web page: built with Vite in a Node stage, served as static files by
# nginx, which also proxies /graphql (HTTP and the graphql-ws WebSocket) to the
# gateway, so the browser talks to one origin. Build from the repository root:
#
#   docker build -f infra/docker/web.Dockerfile -t reprise/web .

ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-slim AS build
ARG PNPM_VERSION=12.4.2
RUN npm install --global "pnpm@${PNPM_VERSION}" && pnpm --version
ENV CI=true
WORKDIR /repo

COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch

COPY . .
RUN pnpm install --frozen-lockfile --offline
# `@reprise/web...` builds the web package after every workspace package it
# depends on (contracts first), so its type check sees their declarations.
RUN pnpm --filter "@reprise/web..." build && test -f web/dist/index.html

FROM nginx:1.27-alpine AS runtime
COPY infra/docker/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /repo/web/dist /usr/share/nginx/html
EXPOSE 8080
