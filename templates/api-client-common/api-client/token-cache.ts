/**
 * Fetches the auth service's JWT (GET /api/auth/token) and keeps it in memory until shortly before
 * it expires. Shared by the fetch and axios clients. Memory only: a JWT in localStorage is readable
 * by any injected script, and the session cookie/header can always mint a new one.
 */

export interface TokenCacheOptions {
  /** Origin of the auth service (its BETTER_AUTH_URL), e.g. "https://auth.example.com" (Better Auth is mounted at /api/auth). */
  authBaseURL: string;
  /**
   * Server-side only: headers that authenticate the token request, e.g.
   * `{ Authorization: "Bearer <session token>" }` (bearer plugin) or `{ cookie: "<session cookie>" }`.
   * Browsers send the session cookie on their own. A Node script or server signs in with Better
   * Auth's client and an Origin header (Node's fetch makes Better Auth ask for one on every POST,
   * else 403 MISSING_OR_NULL_ORIGIN), then hands the session token over:
   *
   *   const auth = createAuthClient({ baseURL, fetchOptions: { headers: { Origin: baseURL } } });
   *   let session = "";
   *   await auth.signIn.email({ email, password }, { onSuccess: ({ response }) => { session = response.headers.get("set-auth-token") ?? ""; } });
   *   const api = createApiClient({ authBaseURL: baseURL, apiBaseURL, getSessionHeaders: () => ({ Authorization: `Bearer ${session}` }) });
   */
  getSessionHeaders?: () => Record<string, string> | Promise<Record<string, string>>;
  /** Defaults to the global fetch. */
  fetch?: typeof globalThis.fetch;
  /** Refresh this many seconds before `exp`, so a token never expires between check and use. Default 30. */
  refreshSkewSeconds?: number;
  /** Clock in epoch milliseconds (tests inject one). Default Date.now. */
  now?: () => number;
}

export interface TokenCache {
  /** A valid JWT: the cached one, the refresh already under way, or a new one. */
  getToken(): Promise<string>;
  /** Forget the token (e.g. on sign-out); a refresh under way is not cached either. */
  clearToken(): void;
  /**
   * Forget `token` because the resource server rejected it. A no-op when the cache already holds a
   * newer token, so N requests failing with the same stale token cause one refresh, not N.
   */
  invalidate(token: string): void;
}

/** The token endpoint answered non-2xx (not signed in, session expired, jwt plugin missing…). */
export class AuthTokenError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(
      `Auth token request failed with HTTP ${status}` +
        (status === 401 ? " (no valid session: sign in, or pass getSessionHeaders on a server)" : "") +
        (body ? `: ${body.slice(0, 200)}` : ""),
    );
    this.name = "AuthTokenError";
  }
}

/** Decodes a JWT's payload without verifying it: the client only needs `exp`; the resource server verifies. */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const part = token.split(".")[1];
  if (!part) return undefined;
  try {
    const base64 = part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "=");
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const payload: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return payload && typeof payload === "object" ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function createTokenCache(options: TokenCacheOptions): TokenCache {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const skewMs = (options.refreshSkewSeconds ?? 30) * 1000;
  const now = options.now ?? Date.now;
  const tokenURL = `${options.authBaseURL.replace(/\/+$/, "")}/api/auth/token`;

  let cached: { token: string; refreshAt: number } | undefined;
  let inflight: Promise<string> | undefined;
  // Bumped by clearToken so a refresh started before it cannot repopulate the cache afterwards.
  let generation = 0;

  async function fetchToken(): Promise<string> {
    const sessionHeaders = (await options.getSessionHeaders?.()) ?? {};
    const res = await fetchImpl(tokenURL, {
      method: "GET",
      headers: { Accept: "application/json", ...sessionHeaders },
      credentials: "include",
    });
    if (!res.ok) throw new AuthTokenError(res.status, await res.text().catch(() => ""));
    const body = (await res.json().catch(() => undefined)) as { token?: unknown } | undefined;
    if (typeof body?.token !== "string") throw new AuthTokenError(res.status, "response has no token");
    return body.token;
  }

  function refresh(): Promise<string> {
    const started = generation;
    const promise = fetchToken()
      .then((token) => {
        const exp = decodeJwtPayload(token)?.exp;
        // No exp: we cannot know when it dies, so use it once and never cache it.
        if (started === generation && typeof exp === "number") cached = { token, refreshAt: exp * 1000 - skewMs };
        return token;
      })
      .finally(() => {
        if (inflight === promise) inflight = undefined;
      });
    return (inflight = promise);
  }

  return {
    getToken() {
      if (cached && now() < cached.refreshAt) return Promise.resolve(cached.token);
      cached = undefined;
      return inflight ?? refresh();
    },
    clearToken() {
      cached = undefined;
      inflight = undefined;
      generation++;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
