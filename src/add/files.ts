// Merges for the files a user shares with the tool: env files (append only) and package.json
// (add what is missing). Both keep every byte the user wrote.
import { UserError } from "../cli/errors.js";
import { MERGED_LIST_SETTINGS, MERGED_OBJECT_SETTINGS } from "../features/package-managers.js";
import type { EnvVar } from "../features/types.js";
import { renderEnvFile, type Vars } from "../render/env-file.js";

/** Keys assigned in an env file (`KEY=…`, `export KEY=…`); commented-out keys do not count. */
export function envKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line);
    if (match) keys.add(match[1]);
  }
  return keys;
}

/**
 * `existing` with the variables it lacks appended (comment lines included), in its own line
 * endings. Returns `existing` itself when nothing is missing.
 */
export function appendEnv(existing: string, vars: EnvVar[], kind: "env" | "example", context: Vars, secret?: () => string): { text: string; added: string[] } {
  const present = envKeys(existing);
  const missing = vars.filter((v, i) => !present.has(v.key) && vars.findIndex((w) => w.key === v.key) === i);
  if (missing.length === 0) return { text: existing, added: [] };
  const eol = existing.includes("\r\n") ? "\r\n" : "\n";
  let block = renderEnvFile(missing, kind, context, secret);
  if (eol === "\r\n") block = block.replace(/\n/g, "\r\n");
  const separator = existing === "" || existing.endsWith("\n") ? "" : eol;
  return { text: existing + separator + block, added: missing.map((v) => v.key) };
}

const SETTING_LABEL: Record<(typeof MERGED_OBJECT_SETTINGS)[number], string> = { overrides: "override", resolutions: "resolution", dependenciesMeta: "build" };

const DEPENDENCY_SECTIONS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const;

function isSorted(keys: string[]): boolean {
  return keys.every((k, i) => i === 0 || keys[i - 1].localeCompare(k) <= 0);
}

/** The indentation of the first indented line (package.json files are 2 spaces almost always). */
function jsonIndent(text: string): string | number {
  const match = /\n([ \t]+)"/.exec(text);
  return match ? match[1] : 2;
}

/**
 * Add the dependencies and scripts of `rendered` that `existing` lacks; never change a version
 * or a script the user has. Returns null when nothing is missing (the file stays byte-identical).
 */
export function mergePackageJson(existing: string, rendered: string, fileName = "package.json"): { text: string; added: string[] } | null {
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(existing);
  } catch (error) {
    throw new UserError(`${fileName} is not valid JSON (${(error as Error).message}); fix it, then run this again.`);
  }
  if (!pkg || typeof pkg !== "object" || Array.isArray(pkg)) throw new UserError(`${fileName} must hold a JSON object; fix it, then run this again.`);
  const want = JSON.parse(rendered) as Record<string, Record<string, string> | undefined>;
  const added: string[] = [];
  const section = (name: string) => {
    const value = pkg[name];
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, string>) : undefined;
  };
  const has = (dep: string) => DEPENDENCY_SECTIONS.some((s) => section(s)?.[dep] !== undefined);

  for (const name of ["dependencies", "devDependencies"] as const) {
    for (const [dep, version] of Object.entries(want[name] ?? {})) {
      if (has(dep)) continue;
      const target = section(name) ?? (pkg[name] = {} as Record<string, string>);
      const wasSorted = isSorted(Object.keys(target));
      target[dep] = version;
      if (wasSorted) pkg[name] = Object.fromEntries(Object.entries(target).sort(([a], [b]) => a.localeCompare(b)));
      added.push(`${dep}@${version}`);
    }
  }
  // The package manager's overrides the new plugins need (e.g. @better-auth/api-key's stale peer
  // pins) and the install scripts they must run; keep the user's own entries.
  for (const key of MERGED_OBJECT_SETTINGS) {
    for (const [dep, value] of Object.entries(want[key] ?? {})) {
      const target = section(key);
      if (target?.[dep] !== undefined) continue;
      if (!target) pkg[key] = { [dep]: value };
      else target[dep] = value;
      added.push(`${SETTING_LABEL[key]} ${dep}${typeof value === "string" ? `@${value}` : ""}`);
    }
  }
  for (const key of MERGED_LIST_SETTINGS) {
    const wanted = (want as Record<string, unknown>)[key];
    if (!Array.isArray(wanted)) continue;
    const missing = wanted.filter((item) => !(Array.isArray(pkg[key]) && (pkg[key] as unknown[]).includes(item)));
    if (missing.length === 0) continue;
    pkg[key] = [...(Array.isArray(pkg[key]) ? (pkg[key] as unknown[]) : []), ...missing];
    missing.forEach((item) => added.push(`${key} ${String(item)}`));
  }
  let scripts = section("scripts");
  for (const [script, command] of Object.entries(want.scripts ?? {})) {
    if (scripts?.[script] !== undefined) continue;
    if (!scripts) pkg.scripts = scripts = {};
    scripts[script] = command;
    added.push(`script ${script}`);
  }
  if (added.length === 0) return null;
  const eol = existing.includes("\r\n") ? "\r\n" : "\n";
  let text = JSON.stringify(pkg, null, jsonIndent(existing));
  if (eol === "\r\n") text = text.replace(/\n/g, "\r\n");
  if (/\r?\n$/.test(existing)) text += eol;
  return { text, added };
}
