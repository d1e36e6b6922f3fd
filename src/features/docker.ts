import type { ResolvedConfig } from "../config/resolve.js";
import { composeFile, DB_PASSWORD } from "./docker-compose.js";
import type { Feature } from "./types.js";

/** Node in the image: 22 runs every generated project (node:sqlite needs >= 22.13). */
export const DOCKER_NODE_IMAGE = "node:22-slim";

/** Install from the lockfile when the project has one (npm ci), otherwise from package.json. */
const npmInstall = (flags: string) =>
  `if [ -f package-lock.json ]; then npm ci ${flags}; else npm install ${flags}; fi`;

/** What the runtime stage copies from the build stage, and how it starts. */
function runtimeOf(config: ResolvedConfig): { copies: string[]; cmd: string[] } {
  if (config.framework === "nextjs")
    return {
      copies: [".next ./.next", "next.config.ts ./", "scripts/next.mjs ./scripts/"],
      cmd: ["node", "scripts/next.mjs", "start"],
    };
  return { copies: ["dist ./dist"], cmd: ["node", "dist/server.js"] };
}

/** The multi-stage Dockerfile: build with every dependency, run with production ones only, as `node`. */
export function dockerfile(config: ResolvedConfig): string {
  const { copies, cmd } = runtimeOf(config);
  // Prisma's client is generated (git-ignored), so the build makes it before compiling.
  const build = config.orm === "prisma" ? "npm run db:generate && npm run build" : "npm run build";
  const health = `fetch("http://127.0.0.1:" + (process.env.PORT || ${config.port}) + "/health").then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`;
  return [
    "# Build: docker build -t " + config.projectName.replace(/^@/, "").replace(/\//g, "-") + " .   (compose.yaml builds it too)",
    "# Stage 1 installs every dependency and compiles; the runtime stage gets production dependencies,",
    "# the compiled output and nothing else (no sources, no .env: see .dockerignore).",
    `FROM ${DOCKER_NODE_IMAGE} AS build`,
    "WORKDIR /app",
    "COPY package.json package-lock.json* ./",
    `RUN ${npmInstall("--no-audit --no-fund")}`,
    "COPY . .",
    `RUN ${build}`,
    "",
    `FROM ${DOCKER_NODE_IMAGE} AS runtime`,
    "ENV NODE_ENV=production",
    "WORKDIR /app",
    "COPY package.json package-lock.json* ./",
    `RUN ${npmInstall("--omit=dev --no-audit --no-fund")}`,
    ...copies.map((c) => `COPY --from=build /app/${c}`),
    // SQLite's file lives in data/ (a volume in compose.yaml); the unprivileged user must own it.
    ...(config.database === "sqlite" ? ["RUN mkdir -p data && chown node:node data"] : []),
    "# The official image's unprivileged user: a compromised process cannot modify the app or install packages.",
    "USER node",
    `EXPOSE ${config.port}`,
    "# Node's own fetch (no curl in the slim image): healthy once /health answers 200.",
    `HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ${JSON.stringify(["node", "-e", health])}`,
    `CMD ${JSON.stringify(cmd)}`,
    "",
  ].join("\n");
}

/**
 * --docker (default): a Dockerfile, compose.yaml with the database (and Redis) and a one-off
 * migrate service, and a .dockerignore that keeps .env and data/ out of every image.
 */
export function dockerFeature(config: ResolvedConfig): Feature {
  return {
    id: "docker",
    templates: ["docker"],
    // Interpolated by compose from .env (never written into compose.yaml); the local DATABASE_URL stays as it is.
    env: config.database === "sqlite" ? [] : [{ key: DB_PASSWORD, value: { secret: true }, example: "", comment: "Password of the database compose.yaml starts (compose reads it from .env)" }],
    files: (c) => ({ Dockerfile: dockerfile(c), "compose.yaml": composeFile(c) }),
    readme: "`Dockerfile` (multi-stage, non-root, production dependencies, `HEALTHCHECK` on /health) and `compose.yaml` (database, Redis if chosen, a one-off `migrate` service)",
  };
}
