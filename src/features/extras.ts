import type { ApiClient, Backend } from "../config/catalog.js";
import type { Feature } from "./types.js";

export const backends: Record<Backend, Feature | null> = {
  fastapi: {
    id: "backend-fastapi",
    templates: ["backend-fastapi"],
    env: [
      { key: "AUTH_BASE_URL", value: "http://localhost:{{port}}", target: "backend", comment: "The auth service; its JWKS is at /api/auth/jwks" },
      { key: "AUTH_ISSUER", value: "", target: "backend", comment: "Must equal the service's BETTER_AUTH_URL; empty = AUTH_BASE_URL" },
      { key: "AUTH_AUDIENCE", value: "", target: "backend", comment: "Must equal the service's JWT_AUDIENCE; empty = AUTH_BASE_URL" },
    ],
    readme: "`backend/`: FastAPI security module that verifies the service's JWTs against its JWKS",
  },
  none: null,
};

export const apiClients: Record<ApiClient, Feature | null> = {
  fetch: {
    id: "api-client-fetch",
    templates: ["api-client-common", "api-client-fetch"],
    readme: "`api-client/`: fetch client that attaches a cached JWT and retries once on 401",
  },
  axios: {
    id: "api-client-axios",
    templates: ["api-client-common", "api-client-axios"],
    dependencies: ["axios"],
    readme: "`api-client/`: axios instance that attaches a cached JWT and retries once on 401",
  },
  none: null,
};

/** Social providers share one shape: env credentials and a line in `socialProviders`. */
export function providerFeature(id: string): Feature {
  const prefix = id.toUpperCase();
  return {
    id: `provider-${id}`,
    env: [
      { key: `${prefix}_CLIENT_ID`, value: "", comment: `${id} OAuth app; callback URL: <BETTER_AUTH_URL>/api/auth/callback/${id}` },
      { key: `${prefix}_CLIENT_SECRET`, value: "" },
    ],
    readme: `\`${id}\` sign-in (enabled once ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET are set)`,
  };
}
