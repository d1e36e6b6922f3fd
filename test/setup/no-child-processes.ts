// Setup file of the unit suite: unit tests start no child processes (no CLI, git, tsc or npm), which
// keeps them fast and independent of dist/. A test that needs one belongs in test/integration.
import childProcess from "node:child_process";
import { syncBuiltinESMExports } from "node:module";

const names = ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"] as const;
for (const name of names) {
  Object.defineProperty(childProcess, name, {
    configurable: true,
    writable: true,
    value: () => {
      throw new Error(`child_process.${name}() in a unit test: unit tests start no processes; move this test to test/integration.`);
    },
  });
}
// Named imports (`import { spawn } from "node:child_process"`, also inside execa) see the replacements too.
syncBuiltinESMExports();
