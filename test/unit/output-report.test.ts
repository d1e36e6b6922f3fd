// The Report sink behind --json and the MCP tools: what it gathers, the error records it builds,
// and that no password reaches its object, whichever field carries it.
import { describe, expect, it } from "vitest";
import { StepError, UserError } from "../../src/cli/errors.js";
import { errorRecord, out, Report, useSink } from "../../src/cli/output.js";
import { progress } from "../../src/cli/spinner.js";

describe("Report", () => {
  it("gathers files, steps with durations, warnings and next steps through `out`, and silences progress meanwhile", async () => {
    const report = new Report("add-field");
    const previous = useSink(report);
    try {
      expect(progress.silent).toBe(true);
      out.info("Added field");
      out.warn("uncommitted changes");
      out.file({ path: "src/auth.ts", action: "changed" });
      const value = await out.step("Migrating the database", async () => ({ ok: false, output: "line 1\nrelation missing" }), { succeeded: (r) => r.ok });
      expect(value.ok).toBe(false);
      await expect(out.step("git init", async () => Promise.reject(new StepError("git init failed: no git")))).rejects.toThrow("no git");
      out.nextSteps(["npm install", "npm run db:migrate"], "Dependencies are not installed; run:");
    } finally {
      useSink(previous);
    }
    expect(progress.silent).toBe(false);
    const body = report.finish();
    expect(body).toMatchObject({
      ok: true,
      command: "add-field",
      files: [{ path: "src/auth.ts", action: "changed" }],
      warnings: ["uncommitted changes"],
      nextSteps: ["npm install", "npm run db:migrate"],
      messages: ["Added field", "Dependencies are not installed; run:"],
    });
    const steps = body.steps as { name: string; ok: boolean; durationMs: number; output?: string }[];
    expect(steps.map((s) => [s.name, s.ok])).toEqual([["Migrating the database", false], ["git init", false]]);
    expect(steps[0].output).toBe("line 1\nrelation missing");
    expect(steps[1].output).toContain("no git");
    expect(steps.every((s) => Number.isInteger(s.durationMs) && s.durationMs >= 0)).toBe(true);
  });

  it("never carries a password: messages, step output and the error are redacted", async () => {
    const report = new Report("create");
    report.info("connecting to postgres://app:hunter2secret@db.internal:5432/auth");
    await report.step("Creating the database tables", async () => ({ ok: false, output: "FATAL postgres://app:hunter2secret@db.internal/auth refused" }), { succeeded: (r) => r.ok });
    const failed = JSON.stringify(report.fail({ code: "STEP_FAILED", message: "mysql://root:hunter2secret@127.0.0.1/x failed" }));
    expect(failed).not.toContain("hunter2secret");
    expect(failed).toContain("postgres://***@db.internal");
  });
});

describe("errorRecord", () => {
  it("keeps a user error's code, flag and path; a step failure is STEP_FAILED; an fs error FS_ERROR; anything else INTERNAL", () => {
    expect(errorRecord(new UserError("Invalid value for --port.", { code: "INVALID_OPTION", flag: "--port" }))).toEqual({ code: "INVALID_OPTION", message: "Invalid value for --port.", flag: "--port" });
    expect(errorRecord(new UserError("No terminal to ask in."))).toEqual({ code: "USAGE", message: "No terminal to ask in." });
    expect(errorRecord(new StepError("Installing dependencies failed", "npm install")).code).toBe("STEP_FAILED");
    const fsError = Object.assign(new Error("EACCES"), { code: "EACCES", syscall: "open", path: "/srv/x" });
    expect(errorRecord(fsError, "Cannot write /srv/x: permission denied (EACCES).")).toEqual({ code: "FS_ERROR", message: "Cannot write /srv/x: permission denied (EACCES).", path: "/srv/x" });
    const bug = errorRecord(new TypeError("x is undefined"));
    expect(bug.code).toBe("INTERNAL");
    expect(bug.message).toContain("x is undefined");
  });
});
