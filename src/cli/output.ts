import kleur from "kleur";

/** All user-facing printing goes through here, so tests and --json modes have one place to hook. */
export const out = {
  info: (msg: string) => console.log(msg),
  note: (msg: string) => console.log(kleur.dim(msg)),
  success: (msg: string) => console.log(kleur.green(msg)),
  warn: (msg: string) => console.error(kleur.yellow(`warning: ${msg}`)),
  error: (msg: string) => console.error(kleur.red(`error: ${msg}`)),
};
