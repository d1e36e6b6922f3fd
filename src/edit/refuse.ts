import { UserError } from "../cli/errors.js";

/**
 * A refusal to edit a user's file: what is wrong, then the exact lines to add by hand
 * (`manualHint`, written by the caller), so the user is never stuck.
 */
export function refusal(fileName: string, problem: string, manualHint: string): UserError {
  return new UserError(`Cannot edit ${fileName} automatically: ${problem}. Add this by hand instead:\n${manualHint}`);
}
