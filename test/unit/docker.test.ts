// --docker (default): Dockerfile, compose.yaml and .dockerignore per database, framework and
// secondary storage. test/e2e/deploy.test.ts runs the Dockerfile's steps on a real project.
import { describe, expect, it } from "vitest";
import { flagsToPartial } from "../../src/cli/flags.js";
import { reproducibleCommand } from "../../src/config/reproduce.js";
import { parsePartial, resolveConfig } from "../../src/config/resolve.js";
import type { PartialConfig } from "../../src/config/schema.js";
import { toYaml } from "../../src/features/docker-compose.js";
import { renderProject } from "../../src/render/project.js";
import { parseYaml } from "./mini-yaml.js";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll } from "vitest";
import { runAdd } from "../../src/add/run.js";
import { configFromFile, MANIFEST_FILE } from "../../src/manifest.js";
import { captureOutput, fakeDeps, generatedProject, options, removeTempDirs } from "../fixtures/add/helpers.js";

const URLS = { postgres: "postgres://u@localhost/db", mysql: "mysql://u@localhost/db", mongodb: "mongodb://localhost/db" } as const;
const config = (partial: PartialConfig = {}) => resolveConfig({ projectName: "my-auth", ...partial }).config;
const render = (partial: PartialConfig = {}) => renderProject(config(partial), { toolVersion: "9.9.9", secret: () => "s".repeat(43) });
const envKeys = (text: string) => new Set(text.split("\n").flatMap((l) => /^([A-Z0-9_]+)=/.exec(l)?.[1] ?? []));

type Services = Record<string, Record<string, any>>;
async function compose(partial: PartialConfig) {
  const tree = await render(partial);
  const parsed = parseYaml(tree.read("compose.yaml")!) as { services: Services; volumes: Record<string, unknown> };
  return { tree, services: parsed.services, volumes: parsed.volumes };
}

describe("docker config", () => {
  it("is on by default; --no-docker turns it off; the reproducible command says so only when off", () => {
    expect(config().docker).toBe(true);
    expect(parsePartial(flagsToPartial({ docker: false }), "flags")).toEqual({ docker: false });
    expect(reproducibleCommand("x", config({ docker: false }))).toContain(" --no-docker ");
    expect(reproducibleCommand("x", config())).not.toContain("docker");
  });

  it("--no-docker writes none of the files and no DB_PASSWORD", async () => {
    const tree = await render({ docker: false, database: "postgres", databaseUrl: URLS.postgres });
    for (const path of ["Dockerfile", "compose.yaml", ".dockerignore"]) expect(tree.has(path), path).toBe(false);
    expect(tree.read(".env.example")).not.toContain("DB_PASSWORD");
    expect(tree.read("README.md")).not.toContain("## Docker");
  });

  it("the generated README explains the files and says plainly what was never run", async () => {
    const readme = (await render()).read("README.md")!;
    expect(readme).toContain("## Docker");
    expect(readme).toContain("docker compose up --build");
    expect(readme).toContain("No image was built and `docker compose up` was never run.");
  });
});

describe("projects made before --docker existed", () => {
  afterAll(removeTempDirs);
  const DOCKER_FILES = ["Dockerfile", "compose.yaml", ".dockerignore"];

  it("a manifest without the key reads as docker: false, so a later add writes no Docker files", async () => {
    expect(configFromFile({ tool: "create-auth-service", version: "0.1.0", config: { projectName: "old" }, files: {} })).toEqual({ docker: false, projectName: "old" });
    const dir = await generatedProject();
    const path = join(dir, MANIFEST_FILE);
    const manifest = JSON.parse(readFileSync(path, "utf8"));
    expect(manifest.config.docker).toBe(true);
    delete manifest.config.docker;
    for (const file of DOCKER_FILES) {
      rmSync(join(dir, file));
      delete manifest.files[file];
    }
    writeFileSync(path, JSON.stringify(manifest, null, 2));
    const output = captureOutput();
    try {
      await runAdd({ fields: ["company:string:optional"], plugins: [], providers: [] }, options(dir), fakeDeps());
    } finally {
      output.restore();
    }
    for (const file of DOCKER_FILES) expect(existsSync(join(dir, file)), file).toBe(false);
    expect(JSON.parse(readFileSync(path, "utf8")).config.docker).toBe(false);
  });
});

describe("Dockerfile", () => {
  it("builds in one stage, runs production dependencies as node in another, health-checked with node's fetch", async () => {
    const dockerfile = (await render()).read("Dockerfile")!;
    const from = dockerfile.match(/^FROM .*$/gm);
    expect(from).toEqual(["FROM node:22-slim AS build", "FROM node:22-slim AS runtime"]);
    const runtime = dockerfile.slice(dockerfile.indexOf("AS runtime"));
    expect(runtime).toMatch(/^RUN .*npm ci --omit=dev.*npm install --omit=dev/m);
    expect(runtime).toContain("COPY --from=build /app/dist ./dist");
    expect(runtime).not.toMatch(/^COPY \. /m);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime.indexOf("USER node")).toBeLessThan(runtime.indexOf("CMD "));
    const health = /^HEALTHCHECK .* CMD (\[.*\])$/m.exec(runtime)!;
    const command = JSON.parse(health[1]) as string[];
    expect(command.slice(0, 2)).toEqual(["node", "-e"]);
    expect(command[2]).toContain('fetch("http://127.0.0.1:" + (process.env.PORT || 3001) + "/health")');
    expect(dockerfile.split("\n").filter((l) => !l.startsWith("#")).join("\n")).not.toMatch(/curl|wget/);
    expect(dockerfile).toMatch(/^CMD \["node","dist\/server.js"\]$/m);
    // SQLite's data/ belongs to the unprivileged user (the compose volume mounts there).
    expect(runtime).toContain("RUN mkdir -p data && chown node:node data");
  });

  it("Prisma generates its client before compiling; Next.js ships .next and starts with next start", async () => {
    expect((await render({ orm: "prisma" })).read("Dockerfile")).toMatch(/^RUN npm run db:generate && npm run build$/m);
    const next = (await render({ framework: "nextjs", database: "postgres", databaseUrl: URLS.postgres })).read("Dockerfile")!;
    expect(next).toContain("COPY --from=build /app/.next ./.next");
    expect(next).toMatch(/^CMD \["node","scripts\/next.mjs","start"\]$/m);
    expect(next).not.toContain("chown");
  });
});

describe(".dockerignore", () => {
  it("keeps secrets and local data out of the build context", async () => {
    const lines = (await render()).read(".dockerignore")!.split("\n");
    for (const entry of [".env", ".env.*", "!.env.example", "data/", "node_modules/", "*.db"]) expect(lines, entry).toContain(entry);
  });
});

describe("compose.yaml", () => {
  it.each(["postgres", "mysql", "mongodb"] as const)("%s: the service, its database, and a migrate service it waits for", async (database) => {
    const { tree, services, volumes } = await compose({ database, databaseUrl: URLS[database] });
    expect(Object.keys(services)).toEqual(["auth", "migrate", "db"]);
    const { auth, migrate, db } = services;
    expect(auth.depends_on).toEqual({ migrate: { condition: "service_completed_successfully" }, db: { condition: "service_healthy" } });
    expect(migrate.depends_on).toEqual({ db: { condition: "service_healthy" } });
    expect(migrate.build).toEqual({ context: ".", target: "build" });
    expect(migrate.restart).toBe("no");
    expect(auth.ports).toEqual(["3001:3001"]);
    expect(auth.environment.DATABASE_URL).toMatch(new RegExp(`^${database === "postgres" ? "postgres" : database === "mysql" ? "mysql" : "mongodb"}://auth:\\$\\{DB_PASSWORD:\\?[^}]*\\}@db:`));
    expect(db.healthcheck.test[0]).toBe("CMD");
    expect(db.volumes[0]).toMatch(/^db-data:\//);
    expect(volumes).toEqual({ "db-data": {} });
    // Every variable the file sets for the service is one .env.example documents; the password is in .env.
    const example = envKeys(tree.read(".env.example")!);
    for (const key of Object.keys(auth.environment).filter((k) => k !== "NODE_ENV")) expect(example, key).toContain(key);
    expect(example).toContain("DB_PASSWORD");
    expect(tree.read(".env")).toMatch(/^DB_PASSWORD=s{43}$/m);
    expect(tree.read("compose.yaml")).not.toContain("s".repeat(43));
  });

  it("redis adds the Redis service both wait for; sqlite has no database service but a shared data volume", async () => {
    const redis = await compose({ database: "postgres", databaseUrl: URLS.postgres, secondaryStorage: "redis" });
    expect(Object.keys(redis.services)).toEqual(["auth", "migrate", "db", "redis"]);
    expect(redis.services.auth.environment.REDIS_URL).toBe("redis://redis:6379");
    expect(redis.services.migrate.depends_on.redis).toEqual({ condition: "service_healthy" });

    const sqlite = await compose({});
    expect(Object.keys(sqlite.services)).toEqual(["auth", "migrate"]);
    expect(sqlite.services.auth.volumes).toEqual(["data:/app/data"]);
    expect(sqlite.services.migrate.volumes).toEqual(["data:/app/data"]);
    expect(sqlite.services.auth.depends_on).toEqual({ migrate: { condition: "service_completed_successfully" } });
    expect(sqlite.tree.read(".env.example")).not.toContain("DB_PASSWORD");
  });

  it("prisma migrates with migrate deploy (migrate dev would prompt)", async () => {
    const { services } = await compose({ orm: "prisma", database: "postgres", databaseUrl: URLS.postgres });
    expect(services.migrate.command).toEqual(["npm", "run", "db:deploy"]);
  });

  it("the writer quotes what YAML 1.1 would misread, and the strict reader refuses it unquoted", () => {
    expect(toYaml({ restart: "no", port: "3001", on: "on" })).toBe('restart: "no"\nport: "3001"\non: "on"');
    expect(() => parseYaml("restart: no\n")).toThrow(/quote it/);
  });
});
