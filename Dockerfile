# syntax=docker/dockerfile:1
#
# One image for every service and role of Omotenashi Connect:
#   docker build -t omotenashi-connect:0.1.0 .
#   docker run --rm omotenashi-connect:0.1.0 node services/booking/dist/start.js server
# The Helm chart (deploy/helm/omotenashi) runs `node services/<svc>/dist/start.js <role>` from it.

ARG NODE_IMAGE=node:20-bookworm-slim

# --- 1. Package manifests only: the dependency layer below is rebuilt only when one of them changes.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir -p /manifests \
 && cp package.json package-lock.json /manifests/ \
 && find proto libraries services -name package.json -not -path '*/node_modules/*' -print0 \
    | xargs -0 cp --parents -t /manifests

# --- 2. Dependencies, dev ones included (the build needs TypeScript). No install scripts run: none
# is needed to build or run the services (they only fetch local-development tools).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts

# --- 3. Build, then drop dev dependencies and everything that does not run.
FROM deps AS build
COPY . .
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts \
 && find libraries services -mindepth 2 -maxdepth 2 \
      \( -name src -o -name test -o -name tsconfig.json -o -name '*.tsbuildinfo' \) -exec rm -rf {} + \
 && rm -rf proto/gen proto/index.ts proto/tsconfig.json proto/*.tsbuildinfo proto/buf.yaml proto/buf.gen.yaml

# --- 4. Runtime: the compiled services, their production dependencies and the .proto sources (served
# by gRPC reflection). Owned by root, run as uid 10001: the app cannot modify itself, and the
# root filesystem can be mounted read-only (the chart gives /tmp an emptyDir).
FROM ${NODE_IMAGE} AS runtime
LABEL org.opencontainers.image.title="omotenashi-connect" \
      org.opencontainers.image.description="Omotenashi Connect services: gateway, catalog, booking, payment, analytics" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV NODE_ENV=production \
    METRICS_HOST=0.0.0.0 \
    GRPC_HOST=0.0.0.0 \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/proto ./proto
COPY --from=build /app/libraries ./libraries
COPY --from=build /app/services ./services
USER 10001:10001
EXPOSE 8080 9464 50051 50052 50053 50054
# The gateway by default; the Helm chart names the service and role of every process.
CMD ["node", "services/gateway/dist/start.js", "server"]
