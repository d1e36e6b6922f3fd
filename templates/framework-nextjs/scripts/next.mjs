// `next dev` and `next start` take their port from -p or the shell's PORT, never from .env: read
// PORT from .env here (the shell's PORT still wins), then hand over to Next's own command line.
import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";

if (!process.env.PORT && existsSync(".env")) {
  const { PORT } = parseEnv(readFileSync(".env", "utf8"));
  if (PORT) process.env.PORT = PORT;
}
await import("next/dist/bin/next");
