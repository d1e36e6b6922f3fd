import { expect } from "vitest";
import { UserError } from "../../src/cli/errors.js";

/** Run `fn`, assert it throws a UserError, and return its message for further checks. */
export function userError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error("expected a UserError, nothing was thrown");
}
