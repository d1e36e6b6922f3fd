import type { Feature } from "./types.js";

/**
 * `npm run doctor`: the project checks itself (scripts/doctor.ts and scripts/doctor/, rendered
 * with the base templates), without create-auth-service installed; the CLI's `doctor` runs it.
 */
export const doctor: Feature = {
  id: "doctor",
  scripts: { doctor: "tsx scripts/doctor.ts" },
  readme: "`npm run doctor`: environment, database schema, JWT signing keys against the configured secrets, Redis and Better Auth package versions, one line per problem with its fix",
};

/**
 * Versioned secrets (BETTER_AUTH_SECRETS) keep sessions valid across a rotation: this plugin
 * re-signs cookies and bearer tokens a previous secret signed. It runs after the bearer plugin's
 * hook (pluginsLast), which turns a bearer token into the session cookie this one then replaces.
 */
export const secretRotation: Feature = {
  id: "secret-rotation",
  server: {
    imports: [{ from: "./secret-rotation.js", names: ["secretRotation"] }],
    plugins: [],
    pluginsLast: ["secretRotation(env.PREVIOUS_SECRETS)"],
  },
};
