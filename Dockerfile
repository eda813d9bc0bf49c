# One image for the four services and the console; SERVICE picks which one runs.
#   docker build -t crm . && docker run -e SERVICE=customers crm
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches patches
# No dependency's install scripts; our own patches (patches/, ADR 8) are applied explicitly.
RUN npm ci --ignore-scripts && npx patch-package --error-on-fail
COPY tsconfig.json tsconfig.build.json ./
COPY apps apps
COPY libs libs
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
# Services listen on 127.0.0.1 unless told otherwise; in a container they must be reachable.
ENV HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules node_modules
COPY --from=build --chown=node:node /app/dist dist
COPY --chown=node:node package.json ./
# The default organization directory (ORGANIZATION_FILE); Helm mounts its own over it.
COPY --chown=node:node config config
# Numeric (the `node` user of the base image), so Kubernetes can check runAsNonRoot.
USER 1000:1000
ENV SERVICE=customers
EXPOSE 3000 3001 3002 3003 3004
# On SIGTERM a service drains (see libs/platform/src/lifecycle/shutdown.ts) and exits 0;
# `exec` makes node PID 1 so it receives the signal itself.
STOPSIGNAL SIGTERM
CMD ["sh", "-c", "exec node dist/apps/${SERVICE}/src/main.js"]
