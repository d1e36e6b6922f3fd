import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { UserError } from "../cli/errors.js";
import { configFromFile } from "../manifest.js";
import type { PartialConfig } from "./schema.js";
import { parsePartial } from "./resolve.js";

/** Far above any real config (a few KB); a bound so /dev/zero or a huge file cannot eat memory. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * The text of a config file: only a regular file, at most MAX_CONFIG_BYTES. O_NONBLOCK keeps a FIFO
 * from blocking the open, and fstat (of what was opened, not a path that might change) refuses it.
 */
function readConfigText(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "it does not exist" : code === "EACCES" ? "permission denied" : code === "EISDIR" ? "it is a directory" : `${code ?? "unknown error"}`;
    throw new UserError(`Cannot read config file "${path}" (${why}); check the path.`, { code: "INVALID_CONFIG", path });
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile())
      throw new UserError(`Cannot read config file "${path}": it is not a regular file (${stat.isDirectory() ? "a directory" : "a device, pipe or socket"}); pass a JSON file.`, { code: "INVALID_CONFIG", path });
    if (stat.size > MAX_CONFIG_BYTES) throw new UserError(`Config file "${path}" is ${(stat.size / 1024 / 1024).toFixed(1)} MB; a config file may be at most 1 MB.`, { code: "INVALID_CONFIG", path });
    // Read one byte past the limit, so a file that grew after fstat is caught too.
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let length = 0;
    for (let n; length < buffer.length && (n = readSync(fd, buffer, length, buffer.length - length, null)) > 0; ) length += n;
    if (length > MAX_CONFIG_BYTES) throw new UserError(`Config file "${path}" is over 1 MB; a config file may be at most 1 MB.`, { code: "INVALID_CONFIG", path });
    return buffer.subarray(0, length).toString("utf8");
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`Cannot read config file "${path}" (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check the path.`, { code: "INVALID_CONFIG", path });
  } finally {
    closeSync(fd);
  }
}

/** "line 3, column 7" for a JSON.parse error: V8's message may quote the file, which can hold a password. */
function jsonErrorPlace(error: Error, text: string): string {
  const position = /at position (\d+)/.exec(error.message)?.[1];
  const lineCol = /\(line (\d+) column (\d+)\)/.exec(error.message);
  if (lineCol) return `line ${lineCol[1]}, column ${lineCol[2]}`;
  if (position === undefined) return /end of JSON input/.test(error.message) ? "it ends too early" : "a syntax error";
  const before = text.slice(0, Number(position)).split("\n");
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

/** Read `--config <file>`: JSON with the same keys as the flags (or a generated project's manifest). */
export function loadConfigFile(path: string): PartialConfig {
  const text = readConfigText(path);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`Config file "${path}" is not valid JSON (${jsonErrorPlace(error as Error, text)}); fix the syntax.`, { code: "INVALID_CONFIG", path });
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) throw new UserError(`Config file "${path}" must hold a JSON object.`, { code: "INVALID_CONFIG", path });
  return parsePartial(configFromFile(json), `config file "${path}"`);
}
