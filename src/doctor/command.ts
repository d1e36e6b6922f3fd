import { EXIT } from "../cli/errors.js";
import { formatReport } from "./report.js";
import { isPartialDoctor, runDoctor } from "./run-doctor.js";

export async function doctorCommand(flags: { cwd: string; json?: boolean }): Promise<void> {
  const result = await runDoctor(flags.cwd);
  if (flags.json) console.log(JSON.stringify(result));
  else {
    console.log(formatReport(result));
    if (isPartialDoctor(flags.cwd))
      console.log("Database and JWKS keys were not checked: those checks run in projects made by create-auth-service (their scripts/doctor.ts).");
  }
  process.exitCode = result.ok ? EXIT.ok : EXIT.failed;
}
