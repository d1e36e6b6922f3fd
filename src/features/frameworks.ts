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
  fastify: {
    id: "framework-fastify",
    templates: ["framework-fastify"],
    dependencies: ["fastify", "@fastify/cors"],
    readme: "Fastify 5 server (`src/server.ts`) bridging to Better Auth's fetch handler, with CORS, `/health` and graceful shutdown",
  },
  nextjs: {
    id: "framework-nextjs",
    templates: ["framework-nextjs"],
    dependencies: ["next", "react", "react-dom"],
    devDependencies: ["@types/react", "@types/react-dom"],
    scripts: {
      // Next takes its port from -p or the shell's PORT only; scripts/next.mjs also reads .env's PORT.
      dev: "node scripts/next.mjs dev",
      // next.config.ts explains why the type check runs here rather than inside `next build`.
      build: "tsc --noEmit && next build",
      start: "node scripts/next.mjs start",
    },
    // nextCookies() lets server actions set Better Auth's cookies; Better Auth wants it last.
    server: { imports: [{ from: "better-auth/next-js", names: ["nextCookies"] }], plugins: [], pluginsLast: ["nextCookies()"] },
    readme:
      "Next.js App Router: auth route handler, sign-in and sign-up pages, a protected `/dashboard`, a `RoleGuard` component and a `proxy.ts` cookie check. " +
      "A route handler cannot see the client's socket, and `next start` keeps an `X-Forwarded-For` a client sends: " +
      "in production run it behind a proxy that sets the header, list that proxy in `TRUSTED_PROXIES`, and let only the proxy reach the app's port " +
      "(on a platform that overwrites the header for every request, such as Vercel, `TRUSTED_PROXIES=0.0.0.0/0,::/0`). " +
      "Without `TRUSTED_PROXIES` the nearest `X-Forwarded-For` entry is used, which `next start` fills from the socket for ordinary clients",
  },
};
