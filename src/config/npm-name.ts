import { builtinModules } from "node:module";

/** Names npm refuses outright, whatever their spelling is otherwise. */
const BLOCKED = new Set(["node_modules", "favicon.ico"]);

/**
 * Why `name` cannot be the package name of a new npm package, or undefined. The rules of npm's own
 * validator for new packages: at most 214 characters, lowercase, URL-safe, not starting with . or _,
 * none of ~'!()*, not a reserved name and not a Node.js core module.
 */
export function npmNameProblem(name: string): string | undefined {
  if (name.length === 0) return "must not be empty";
  if (name.length > 214) return "must be at most 214 characters";
  if (name.trim() !== name) return "must not start or end with spaces";
  if (name !== name.toLowerCase()) return "must be lowercase";
  const match = /^(?:@([^/]+)\/)?([^/]+)$/.exec(name);
  if (!match) return "must be a name or @scope/name";
  const [, scope, pkg] = match;
  for (const part of scope === undefined ? [pkg] : [scope, pkg]) {
    if (part.startsWith(".") || part.startsWith("_")) return "must not start with . or _";
    if (encodeURIComponent(part) !== part || /[~'!()*]/.test(part)) return "may hold only lowercase letters, digits, - . and _";
  }
  if (BLOCKED.has(pkg)) return `"${pkg}" is a name npm reserves`;
  if (scope === undefined && (builtinModules.includes(name) || builtinModules.includes(`node:${name}`)))
    return `"${name}" is a Node.js core module`;
  return undefined;
}
