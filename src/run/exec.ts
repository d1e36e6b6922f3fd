import { StepError } from "../cli/errors.js";

export interface StepResult {
  ok: boolean;
  output: string;
}

/** Run a command, capturing output; never throws for a non-zero exit (callers decide). */
export async function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<StepResult> {
  const { execa } = await import("execa");
  const result = await execa(command, args, { cwd, reject: false, all: true, env: { ...env }, stdin: "ignore" });
  const output = result.all ?? "";
  if (result.failed && result.exitCode === undefined) return { ok: false, output: `${command} could not start: ${result.shortMessage}` };
  return { ok: result.exitCode === 0, output };
}

/** Last lines of a command's output: enough to see why it failed without a wall of text. */
export function tail(output: string, lines = 15): string {
  return output.trim().split("\n").slice(-lines).join("\n");
}

export function failStep(what: string, result: StepResult, retry: string): never {
  throw new StepError(`${what} failed:\n${tail(result.output)}`, retry);
}
