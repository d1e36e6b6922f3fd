/** Exit codes the CLI promises (README "Exit codes"). */
export const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;

/** Bad input from the user: printed as one sentence, exit 2, nothing written. */
export class UserError extends Error {
  readonly exitCode: number = EXIT.usage;
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}

/** A step after the files were written failed (install, migrate, git): exit 1 with a retry hint. */
export class StepError extends Error {
  readonly exitCode: number = EXIT.failed;
  constructor(message: string, readonly retry?: string) {
    super(message);
    this.name = "StepError";
  }
}

/** The user pressed Ctrl-C or cancelled a prompt. */
export class CancelledError extends Error {
  readonly exitCode: number = EXIT.cancelled;
  constructor() {
    super("Cancelled; nothing was written.");
    this.name = "CancelledError";
  }
}
