#!/usr/bin/env node
// Thin shim: everything lives in dist/ so the published package starts without a compiler.
import "../dist/cli.js";
