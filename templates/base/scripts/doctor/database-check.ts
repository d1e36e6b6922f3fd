// Reachable and complete: runs the project's own `db:check` script (the same check `db:migrate`
// ends with, for whichever ORM the project uses) and reports its last lines.
import { spawn } from "node:child_process";
import { fail, pass, type Check } from "./report.js";

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"], shell: process.platform === "win32" });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", (error) => resolve({ code: 1, output: error.message }));
    child.on("close", (code) => resolve({ code, output }));
  });
}

const lastLines = (text: string) =>
  text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith(">") && !/^npm (warn|error|ERR!|WARN)\b/i.test(l)).slice(-2).join(" ");

export async function databaseCheck(packageManager: string, env: NodeJS.ProcessEnv): Promise<Check> {
  const result = await run(packageManager, ["run", "db:check"], env);
  if (result.code === 0) return pass("database", `db:check passed: ${lastLines(result.output) || "the schema is complete."}`);
  return fail(
    "database",
    `db:check failed: ${lastLines(result.output) || `exit code ${result.code}`}`,
    `check that the database at DATABASE_URL is running and reachable, then run: ${packageManager} run db:migrate`,
  );
}
