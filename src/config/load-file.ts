import { readFileSync } from "node:fs";
import { UserError } from "../cli/errors.js";
import { configFromFile } from "../manifest.js";
import type { PartialConfig } from "./schema.js";
import { parsePartial } from "./resolve.js";

/** Read `--config <file>`: JSON with the same keys as the flags (or a generated project's manifest). */
export function loadConfigFile(path: string): PartialConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new UserError(`Cannot read config file "${path}"; check the path.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`Config file "${path}" is not valid JSON (${(error as Error).message}); fix the syntax.`);
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) throw new UserError(`Config file "${path}" must hold a JSON object.`);
  return parsePartial(configFromFile(json), `config file "${path}"`);
}
