# The bot as a container image: `docker compose up -d --build` (see compose.yaml and the README's "Running in
# production"). Debian rather than Alpine: @napi-rs/canvas ships glibc binaries.

# Build: install everything, compile TypeScript to dist/, then drop the development dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

# Run: the compiled bot and its production dependencies only, as the unprivileged `node` user.
FROM node:20-bookworm-slim
# tini is PID 1: it passes SIGTERM on to the bot (which then finishes running work, flushes and closes its
# connections) and reaps zombies. Node as PID 1 would get no default signal handling.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
  METRICS_PORT=9100 \
  METRICS_HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# DATA_DIR (the embedded database, when DATABASE_URL is unset) must be writable by the bot.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 9100
# Healthy when /readyz answers 200 (Discord connected, PostgreSQL and Redis reachable): keep METRICS_PORT at 9100.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9100/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/src/index.js"]
