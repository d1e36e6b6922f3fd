// Times `--help` and a full non-interactive scaffold (no install, no git) of this CLI side by side
// with create-vite, alternating runs so both see the same machine load, and prints the ratios.
// Usage: npm run bench [-- --runs 15]
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 11;
const benchDir = join(root, ".tmp/bench");
const viteBin = join(benchDir, "node_modules/create-vite/index.js");
if (!existsSync(viteBin)) {
  mkdirSync(benchDir, { recursive: true });
  console.log("installing create-vite@9.3.0 for comparison …");
  execFileSync("npm", ["install", "--prefix", benchDir, "--no-audit", "--no-fund", "create-vite@9.3.0"], { stdio: "ignore" });
}
const ours = join(root, "bin/create-auth-service.js");
const work = join(tmpdir(), "cas-bench");

function time(args, cleanup) {
  if (cleanup) rmSync(cleanup, { recursive: true, force: true });
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: tmpdir(), stdio: "ignore", env: { ...process.env, CI: "true" } });
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

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`node ${process.version}, ${runs} alternating runs each, medians:`);
for (const [name, c] of Object.entries(cases)) {
  c.ours(); c.vite(); // warm the file-system cache
  const o = [], v = [];
  for (let i = 0; i < runs; i++) { o.push(c.ours()); v.push(c.vite()); }
  const mo = median(o), mv = median(v);
  console.log(`${name.padEnd(30)} create-auth-service ${mo.toFixed(0).padStart(5)} ms   create-vite ${mv.toFixed(0).padStart(5)} ms   ratio ${(mo / mv).toFixed(2)}x`);
}
rmSync(work, { recursive: true, force: true });
