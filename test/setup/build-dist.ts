// Global setup of the integration and e2e suites: build dist/ from the current src/ once, before any
// test file starts, so every worker runs the same, fresh CLI (bin/create-auth-service.js loads dist/).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function buildDist(): void {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: root, stdio: "inherit" });
}
