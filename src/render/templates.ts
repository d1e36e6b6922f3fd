import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { Tree } from "./tree.js";

/** templates/ ships next to dist/ in the package. */
export const TEMPLATES_ROOT = fileURLToPath(new URL("../../templates/", import.meta.url));

type Render = (source: string, context: object) => string;

/** npm drops dotfiles like .gitignore from packages, so templates spell them with a leading "_". */
const DOTFILES = new Set(["_gitignore", "_npmrc", "_dockerignore"]);
function targetName(name: string): string {
  return DOTFILES.has(name) ? `.${name.slice(1)}` : name;
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

/** Render one template folder into the tree: `*.hbs` through Handlebars, the rest verbatim. */
export function renderFolder(tree: Tree, folder: string, context: object, render: Render, root = TEMPLATES_ROOT): void {
  const base = join(root, folder);
  for (const file of walk(base)) {
    const rel = relative(base, file).split(/[\\/]/).map(targetName).join("/");
    const source = readFileSync(file, "utf8");
    if (rel.endsWith(".hbs")) tree.write(rel.slice(0, -4), render(source, context));
    else tree.write(rel, source);
  }
}

/** Handlebars loaded only when a command renders: `--help` never pays for it. */
export async function loadRenderer(): Promise<Render> {
  const { default: Handlebars } = await import("handlebars");
  const hb = Handlebars.create();
  hb.registerHelper("json", (value: unknown) => JSON.stringify(value));
  const cache = new Map<string, HandlebarsTemplateDelegate>();
  return (source, context) => {
    let template = cache.get(source);
    if (!template) {
      template = hb.compile(source, { noEscape: true, strict: false });
      cache.set(source, template);
    }
    return template(context);
  };
}
