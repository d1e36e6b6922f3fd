import { expect } from "vitest";
import { UserError } from "../../src/cli/errors.js";

/** Run `fn`, assert it throws a UserError (exit code 2), and return its message for further checks. */
export function userError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error("expected a UserError, nothing was thrown");
}
