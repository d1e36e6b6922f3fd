// Cross-site session cookies: for front-ends and in-app webviews served from another site than
// this service. The browser then sends the session cookie on cross-site requests, so which origins
// may make them (CORS with credentials, Better Auth's CSRF check) is all that stands between a
// hostile page and a signed-in user: TRUSTED_ORIGINS must name each origin exactly.
/** Each entry must be an exact origin (scheme, host, port): no "*", no wildcard hosts, no paths. */
export function checkCrossSiteOrigins(origins: string[], isProduction: boolean): void {
  if (origins.length === 0) throw new Error("TRUSTED_ORIGINS is empty; cross-site cookies need the exact origins of your front-ends, e.g. https://app.example.com");
  for (const origin of origins) {
    if (origin.includes("*")) throw new Error(`TRUSTED_ORIGINS holds "${origin}"; with cross-site cookies every origin must be exact (a wildcard would let any matching site act as the signed-in user).`);
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new Error(`TRUSTED_ORIGINS holds "${origin}", which is not an origin like https://app.example.com.`);
    }
    if (parsed.origin !== origin) throw new Error(`TRUSTED_ORIGINS holds "${origin}"; write the bare origin "${parsed.origin}" (no path or trailing slash).`);
    if (isProduction && parsed.protocol !== "https:") throw new Error(`TRUSTED_ORIGINS holds "${origin}"; in production cross-site cookies are only sent to and from HTTPS origins.`);
  }
}

/**
 * SameSite=None lets the cookie travel on cross-site requests; browsers require Secure with it
 * (HTTPS, or http://localhost in development). Partitioned (CHIPS) keeps it in a jar keyed by the
 * top-level site, which is how Chrome and Firefox still store it when third-party cookies are blocked.
 */
export function crossSiteCookieAttributes(origins: string[], isProduction: boolean) {
  checkCrossSiteOrigins(origins, isProduction);
  return { httpOnly: true, sameSite: "none", secure: true, partitioned: true } as const;
}
