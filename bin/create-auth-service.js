#!/usr/bin/env node
// Thin shim: everything lives in dist/ so the published package starts without a compiler.
// On Node >= 22.1 the compiled code is cached on disk (in the system temp folder), so later runs
// skip most parsing; the import comes after, or it would be evaluated before the cache is on.
import module from "node:module";

module.enableCompileCache?.();
await import("../dist/cli.js");
