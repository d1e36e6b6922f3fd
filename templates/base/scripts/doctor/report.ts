// What `doctor` reports: one entry per check, with a fix for each failure. The same shape comes
// out of `npm run doctor -- --json` and create-auth-service's `doctor --json`.

export interface Check {
  id: string;
  ok: boolean;
  message: string;
  /** What to do about a failure; empty when the check holds. */
  fix: string;
}

export interface DoctorReport {
  ok: boolean;
  checks: Check[];
}

export const pass = (id: string, message: string): Check => ({ id, ok: true, message, fix: "" });
export const fail = (id: string, message: string, fix: string): Check => ({ id, ok: false, message, fix });

export const report = (checks: Check[]): DoctorReport => ({ ok: checks.every((c) => c.ok), checks });

/** One line per check; a failure names its fix. */
export function formatReport(result: DoctorReport): string {
  const lines = result.checks.map((c) => (c.ok ? `ok    ${c.id}: ${c.message}` : `FAIL  ${c.id}: ${c.message} Fix: ${c.fix}`));
  lines.push(result.ok ? "All checks passed." : `${result.checks.filter((c) => !c.ok).length} check(s) failed.`);
  return lines.join("\n");
}
