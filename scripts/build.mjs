// Build: one ESM bundle (lazy chunks per command) plus precompiled templates, so the CLI loads a
// handful of files instead of hundreds and never compiles a template at run time.
// The bundle is written to a private folder under .tmp/ and renamed over dist/ at the end, so a test
// or CLI run started meanwhile finds the previous complete dist/, never a missing or half-written one.
import { build } from "esbuild";
import Handlebars from "handlebars";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const dist = join(root, "dist");
const work = join(root, ".tmp", `build-${process.pid}`);
const next = join(work, "dist");
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
process.on("exit", () => rmSync(work, { recursive: true, force: true })); // also after a failed build

await build({
  entryPoints: [join(root, "src/cli.ts")],
  outdir: next,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "none",
  define: { __CAS_VERSION__: JSON.stringify(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version), __CAS_PRECOMPILED__: "true" },
  logLevel: "warning",
  // CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);' },
});

// templates/<folder>/<path> → { folder: [[path, precompiled template or raw text, isTemplate]] }
function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}
const templatesDir = join(root, "templates");
const folders = readdirSync(templatesDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
let code = "export default {\n";
let count = 0;
for (const folder of folders) {
  code += `${JSON.stringify(folder)}: [\n`;
  for (const file of [...walk(join(templatesDir, folder))].sort()) {
    const rel = relative(join(templatesDir, folder), file).split("\\").join("/");
    const source = readFileSync(file, "utf8");
    const body = rel.endsWith(".hbs") ? Handlebars.precompile(source, { noEscape: true }) : JSON.stringify(source);
    code += `[${JSON.stringify(rel)}, ${body}, ${rel.endsWith(".hbs")}],\n`;
    count++;
  }
  code += "],\n";
}
code += "};\n";
writeFileSync(join(next, "templates.js"), code);

// Two renames on one file system: dist/ is absent only between them, not while esbuild runs.
if (existsSync(dist)) renameSync(dist, join(work, "old"));
renameSync(next, dist);
console.log(`built dist/ (${count} templates precompiled)`);
