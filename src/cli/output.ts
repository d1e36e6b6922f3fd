import kleur from "kleur";
import { redact } from "./errors.js";

/**
 * All user-facing printing goes through here, so tests have one place to capture it,
 * and no line ever shows a password (a connection string echoed back, a failed step's output).
 */
export const out = {
  info: (msg: string) => console.log(redact(msg)),
  note: (msg: string) => console.log(kleur.dim(redact(msg))),
  success: (msg: string) => console.log(kleur.green(redact(msg))),
  warn: (msg: string) => console.error(kleur.yellow(`warning: ${redact(msg)}`)),
  error: (msg: string) => console.error(kleur.red(`error: ${redact(msg)}`)),
};
