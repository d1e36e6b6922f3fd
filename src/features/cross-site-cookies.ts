import type { Feature } from "./types.js";

/**
 * --cross-site-cookies: session cookies a front-end or in-app webview on another site can use
 * (SameSite=None; Secure; Partitioned). The servers' CORS already answers only TRUSTED_ORIGINS, with
 * credentials; this feature makes those origins mandatory and exact (see cross-site.ts).
 */
export const crossSiteCookies: Feature = {
  id: "cross-site-cookies",
  templates: ["cross-site-cookies"],
  server: {
    imports: [{ from: "./cross-site.js", names: ["crossSiteCookieAttributes"] }],
    plugins: [],
    options: {
      cookies: [
        "// Cross-site cookies (README: \"Cross-site cookies\"): sent with credentialed requests from",
        "// TRUSTED_ORIGINS on other sites; Secure always, so the service needs HTTPS outside localhost.",
        "useSecureCookies: true,",
        "defaultCookieAttributes: crossSiteCookieAttributes(env.TRUSTED_ORIGINS, env.isProduction),",
      ],
    },
  },
  readme: "Cross-site session cookies (`SameSite=None; Secure; Partitioned`) for front-ends and webviews on other sites; `TRUSTED_ORIGINS` must list each exact origin",
};
