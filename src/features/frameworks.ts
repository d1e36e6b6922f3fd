import type { Framework } from "../config/catalog.js";
import type { Feature } from "./types.js";

/** One module per framework: a new framework is an entry here plus its template folder. */
export const frameworks: Record<Framework, Feature> = {
  hono: {
    id: "framework-hono",
    templates: ["framework-hono"],
    dependencies: ["hono", "@hono/node-server"],
    readme: "Hono server on Node (`src/server.ts`) with CORS, `/health` and graceful shutdown",
  },
  express: {
    id: "framework-express",
    templates: ["framework-express"],
    dependencies: ["express", "cors"],
    devDependencies: ["@types/express", "@types/cors"],
    readme: "Express 5 server (`src/server.ts`) with CORS, `/health` and graceful shutdown",
  },
};
