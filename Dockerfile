# syntax=docker/dockerfile:1
# dd-otel-bridge as a container: compiled in one stage, run from a slim Node LTS stage holding only
# the production dependencies, dist/, the bin and the default config.yaml, as a non-root user, with
# `node` itself as the entrypoint so SIGTERM reaches the process that drains. Every listener stays
# on loopback (the app reaches it inside the pod) or on the Unix socket, except health_check, which
# the kubelet probes from outside: 13133 is the only port exposed.
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY receivers ./receivers
COPY processors ./processors
COPY exporters ./exporters
COPY extensions ./extensions
# The code that runs, without the tests beside it (tsconfig.build.json).
RUN npx tsc -p tsconfig.build.json
# Directories the runtime user owns: the socket's and the data's (file_storage), empty.
RUN mkdir -p owned/data owned/datadog

FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production \
    DD_BRIDGE_TRACE_SOCKET=/var/run/datadog/apm.socket \
    DD_BRIDGE_HEALTH_ENDPOINT=0.0.0.0:13133
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json config.yaml ./
COPY bin ./bin
COPY processors/log_pipeline/scripts ./processors/log_pipeline/scripts
COPY --from=build --chown=1000:1000 /src/owned/data ./data
COPY --from=build --chown=1000:1000 /src/owned/datadog /var/run/datadog
# The image's `node` user, by number so that Kubernetes' runAsNonRoot can check it.
USER 1000:1000
EXPOSE 13133
ENTRYPOINT ["node", "bin/dd-otel-bridge.js"]
CMD ["--config", "config.yaml"]
