// Readiness, apart from liveness: /health says the process is up; /ready says it can serve, i.e.
// every dependency in ready-checks.ts answers. Each check gets a deadline, so a dead database
// (packets dropped, no refusal) makes /ready answer 503 quickly instead of hanging the probe.
import { readyChecks } from "./ready-checks.js";

const TIMEOUT_MS = 2_000;

export interface Readiness {
  ready: boolean;
  checks: Record<string, "ok" | "failed" | "timeout">;
}

function within<T>(promise: Promise<T>, ms: number): Promise<T | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), ms)));
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export async function readiness(timeoutMs = TIMEOUT_MS): Promise<Readiness> {
  const entries = await Promise.all(
    Object.entries(readyChecks).map(async ([name, check]) => {
      try {
        const result = await within(Promise.resolve().then(check), timeoutMs);
        if (result === "timeout") console.error(`Readiness: ${name} did not answer within ${timeoutMs} ms`);
        return [name, result === "timeout" ? "timeout" : "ok"] as const;
      } catch (error) {
        // The reason goes to the log only: a public probe must not learn hosts or credentials.
        console.error(`Readiness: ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
        return [name, "failed"] as const;
      }
    }),
  );
  const checks = Object.fromEntries(entries) as Readiness["checks"];
  return { ready: entries.every(([, state]) => state === "ok"), checks };
}
