// better-auth and every @better-auth/* package must come from one release line: the packages
// better-auth itself depends on at the exact versions it names, and plugin packages with their
// better-auth peer range met. Mixed versions fail at run time in ways that are hard to trace.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fail, pass, type Check } from "./report.js";

interface Pkg {
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const read = (path: string): Pkg | null => (existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Pkg) : null);
const parts = (v: string) => v.replace(/^v/, "").split(/[.+-]/).slice(0, 3).map(Number);

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** The npm range forms Better Auth's packages use: exact, ^, ~, >=, <, and `||` between them. */
export function satisfies(version: string, range: string): boolean {
  const v = parts(version);
  return range.split("||").some((alternative) =>
    alternative.trim().split(/\s+/).filter(Boolean).every((term) => {
      const m = /^(\^|~|>=|<=|>|<|=)?v?(\d+(?:\.\d+){0,2})/.exec(term);
      if (!m) return term === "*" || term === "latest";
      const r = parts(m[2]);
      const c = compare(v, r);
      switch (m[1]) {
        case "^": return c >= 0 && (r[0] > 0 ? v[0] === r[0] : v[0] === 0 && v[1] === r[1]);
        case "~": return c >= 0 && v[0] === r[0] && v[1] === r[1];
        case ">=": return c >= 0;
        case ">": return c > 0;
        case "<=": return c <= 0;
        case "<": return c < 0;
        default: return c === 0;
      }
    }),
  );
}

export function versionsCheck(root: string): Check {
  const fix = "install matching versions (e.g. npm install better-auth@<version> and the same for each @better-auth/* package), then rerun doctor";
  const project = read(join(root, "package.json"));
  const betterAuth = read(join(root, "node_modules/better-auth/package.json"));
  if (!betterAuth?.version) return fail("versions", "better-auth is not installed.", "run your package manager's install");
  const scope = join(root, "node_modules/@better-auth");
  const installed = existsSync(scope) ? readdirSync(scope).map((name) => `@better-auth/${name}`) : [];
  const declared = Object.keys({ ...project?.dependencies, ...project?.devDependencies }).filter((n) => n.startsWith("@better-auth/"));
  const problems: string[] = [];
  for (const name of declared) if (!installed.includes(name)) problems.push(`${name} is in package.json but not installed`);
  for (const name of installed) {
    const pkg = read(join(scope, name.slice("@better-auth/".length), "package.json"));
    const version = pkg?.version;
    if (!version) continue;
    const pinned = betterAuth.dependencies?.[name];
    if (pinned && !satisfies(version, pinned)) problems.push(`${name} ${version} but better-auth ${betterAuth.version} needs ${pinned}`);
    const peer = pkg?.peerDependencies?.["better-auth"];
    if (peer && !satisfies(betterAuth.version, peer)) problems.push(`${name} ${version} needs better-auth ${peer}, found ${betterAuth.version}`);
  }
  if (problems.length) return fail("versions", `Mismatched Better Auth packages: ${problems.join("; ")}.`, fix);
  return pass("versions", `better-auth ${betterAuth.version} and ${installed.length} @better-auth/* package(s) match.`);
}
