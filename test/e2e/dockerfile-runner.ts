// Runs a generated Dockerfile's build steps without Docker (there is no daemon here): each stage is
// a folder standing in for the image's WORKDIR, COPY copies from the build context (filtered by
// .dockerignore) or from an earlier stage, RUN runs under `sh -c` there with the stage's ENV. What it
// cannot show: the base image, USER and file ownership, layer caching. Only the instructions the
// generated Dockerfiles use are understood; anything else fails the test.
import { execa } from "execa";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";

export interface Stage {
  name: string;
  dir: string;
  env: Record<string, string>;
  user?: string;
  expose?: string;
  healthcheck?: string[];
  cmd?: string[];
}

/** Instructions, one per logical line (no continuation lines in the generated files), comments dropped. */
export function parseDockerfile(text: string): { op: string; args: string }[] {
  return text
    .split("\n")
    .filter((line) => line.trim() && !line.trimStart().startsWith("#"))
    .map((line) => {
      if (line.trimEnd().endsWith("\\")) throw new Error(`continuation lines are not supported: ${line}`);
      const m = /^([A-Z]+)\s+(.*)$/.exec(line.trim());
      if (!m) throw new Error(`not an instruction: ${line}`);
      return { op: m[1], args: m[2] };
    });
}

/** .dockerignore as Docker reads it: patterns anchored at the context root, `!` re-includes. */
function ignoredBy(patterns: string[]): (name: string) => boolean {
  const rules = patterns.map((p) => {
    const negate = p.startsWith("!");
    const glob = (negate ? p.slice(1) : p).replace(/\/$/, "");
    const regex = new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]")}$`);
    return { negate, regex };
  });
  return (name) => rules.reduce((ignored, r) => (r.regex.test(name) ? !r.negate : ignored), false);
}

/** The build context as Docker would send it: top-level entries minus what .dockerignore names. */
export function contextEntries(context: string): string[] {
  const ignorePath = join(context, ".dockerignore");
  const patterns = existsSync(ignorePath) ? readFileSync(ignorePath, "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#")) : [];
  const ignored = ignoredBy(patterns);
  return readdirSync(context).filter((name) => !ignored(name));
}

/** Run every stage of the Dockerfile at `context`; returns the stages in order (the last is the image). */
export async function runDockerfile(context: string, workRoot: string, extraEnv: Record<string, string> = {}, log: (line: string) => void = () => {}): Promise<Stage[]> {
  const stages: Stage[] = [];
  const allowed = new Set(contextEntries(context));
  let stage: Stage | undefined;
  let workdir = "";
  const local = (containerPath: string) => {
    if (!containerPath.startsWith("/")) return join(stage!.dir, containerPath);
    if (containerPath !== workdir && !containerPath.startsWith(`${workdir}/`)) throw new Error(`path outside WORKDIR ${workdir}: ${containerPath}`);
    return join(stage!.dir, containerPath.slice(workdir.length));
  };
  for (const { op, args } of parseDockerfile(readFileSync(join(context, "Dockerfile"), "utf8"))) {
    if (op === "FROM") {
      const m = /^(\S+)\s+AS\s+(\S+)$/i.exec(args);
      if (!m) throw new Error(`FROM without a stage name: ${args}`);
      stage = { name: m[2], dir: join(workRoot, m[2]), env: {} };
      mkdirSync(stage.dir, { recursive: true });
      stages.push(stage);
      workdir = "";
      continue;
    }
    if (!stage) throw new Error(`${op} before FROM`);
    switch (op) {
      case "WORKDIR":
        workdir = args;
        break;
      case "ENV": {
        const m = /^(\w+)=(\S+)$/.exec(args);
        if (!m) throw new Error(`ENV must be KEY=value: ${args}`);
        stage.env[m[1]] = m[2];
        break;
      }
      case "COPY": {
        const words = args.split(/\s+/);
        const from = words.find((w) => w.startsWith("--from="))?.slice("--from=".length);
        const paths = words.filter((w) => !w.startsWith("--"));
        const dest = paths.pop()!;
        const source = from ? stages.find((s) => s.name === from) : undefined;
        if (from && !source) throw new Error(`COPY --from=${from}: no such stage`);
        for (const src of paths) {
          let matches: { from: string; name: string }[];
          if (source) {
            const path = join(source.dir, src.startsWith("/") ? src.replace(/^\/app/, "") : src);
            if (!existsSync(path)) throw new Error(`COPY --from=${from} ${src}: not in that stage`);
            matches = [{ from: path, name: basename(path) }];
          } else if (src === ".") {
            matches = [...allowed].map((name) => ({ from: join(context, name), name }));
          } else {
            const regex = new RegExp(`^${src.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
            matches = [...allowed].filter((name) => regex.test(name)).map((name) => ({ from: join(context, name), name }));
            if (!src.includes("*") && !matches.length) throw new Error(`COPY ${src}: not in the build context (or .dockerignore'd)`);
          }
          for (const m of matches) {
            // `COPY a b ./` and `COPY . .` put the entries in the folder; `COPY dist ./dist` names the target itself.
            const target = dest.endsWith("/") || dest === "." || src === "." ? join(local(dest), m.name) : local(dest);
            mkdirSync(join(target, ".."), { recursive: true });
            cpSync(m.from, target, { recursive: statSync(m.from).isDirectory() });
          }
        }
        break;
      }
      case "RUN": {
        log(`[${stage.name}] RUN ${args}`);
        const result = await execa("sh", ["-c", args], { cwd: local(workdir), env: { ...stage.env, ...extraEnv }, reject: false, all: true, stdin: "ignore" });
        if (result.exitCode !== 0) throw new Error(`[${stage.name}] RUN ${args} failed (${result.exitCode}):\n${result.all}`);
        break;
      }
      case "USER":
        stage.user = args;
        break;
      case "EXPOSE":
        stage.expose = args;
        break;
      case "HEALTHCHECK": {
        const m = /\bCMD (\[.*\])$/.exec(args);
        if (!m) throw new Error(`HEALTHCHECK must use the exec form: ${args}`);
        stage.healthcheck = JSON.parse(m[1]) as string[];
        break;
      }
      case "CMD":
        stage.cmd = JSON.parse(args) as string[];
        break;
      default:
        throw new Error(`instruction not understood by this runner: ${op}`);
    }
  }
  return stages;
}
