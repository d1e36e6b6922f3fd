import { apiKey } from "@better-auth/api-key";

// Long-lived keys for scripts and servers. A request with `x-api-key: <key>` acts as the key's
// owner (get-session returns them). Keys are stored hashed and shown once, at creation. Each key
// may make 100 requests a minute (the plugin's own default is 10 a day).
export const apiKeyPlugin = () =>
  apiKey({
    enableSessionForAPIKeys: true,
    rateLimit: { enabled: true, timeWindow: 60_000, maxRequests: 100 },
  });
