// Every /api/auth/* request reaches Better Auth through here (each server hands over a Web Request
// whose client-IP header it has already set). Two things on top of auth.handler:
//
// - GET /get-session, which front-ends poll, goes straight to its endpoint in auth.api: the same
//   endpoint, hooks and cookies, without the router auth.handler builds anew for every request.
//   Rate limits would not apply to it anyway (`"/get-session": false` in auth.ts). Only a plugin's
//   `onRequest`/`onResponse` (router-level; none of the generated plugins has one) would be
//   skipped: if you add such a plugin, send get-session through auth.handler too.
// - A session cookie cache too big for one cookie (a user with large fields: Better Auth splits it
//   into chunks) would cost every request more header bytes than the database read it saves, and
//   can pass Node's 16 KB header limit: such chunks are not sent, so those sessions are read from
//   the database.
// - While the database (or Redis) is unreachable Better Auth answers 500; once a readiness check
//   confirms a dependency is down, that becomes 503 with Retry-After, so clients and load
//   balancers back off and retry. Nothing is kept between requests: the service recovers on its
//   own as soon as the dependency answers again.
import { isAPIError } from "better-auth/api";
import { auth } from "./auth.js";
import { readiness } from "./readiness.js";

const SESSION_PATH = "/api/auth/get-session";
/** Seconds a client should wait before retrying while a dependency is down. */
const RETRY_AFTER_SECONDS = 5;
/** How long one readiness answer stands for every failed request (one probe, however many fail). */
const PROBE_REUSE_MS = 1_000;
const PROBE_TIMEOUT_MS = 1_000;

let lastProbe: { at: number; down: Promise<boolean> } | undefined;

function dependencyDown(): Promise<boolean> {
  const now = Date.now();
  if (!lastProbe || now - lastProbe.at > PROBE_REUSE_MS) {
    lastProbe = { at: now, down: readiness(PROBE_TIMEOUT_MS).then((state) => !state.ready, () => true) };
  }
  return lastProbe.down;
}

function unavailable(): Response {
  return Response.json(
    { code: "SERVICE_UNAVAILABLE", message: "A service this one depends on is unreachable; retry shortly." },
    { status: 503, headers: { "retry-after": String(RETRY_AFTER_SECONDS), "cache-control": "no-store" } },
  );
}

/** `better-auth.session_data.0=…` and further chunks (an expired chunk has an empty value: kept). */
const isCacheChunk = (setCookie: string) => /^[^=;]*session_data\.\d+=[^;]/.test(setCookie);

function withoutCacheChunks(response: Response): Response {
  const cookies = response.headers.getSetCookie();
  if (!cookies.some(isCacheChunk)) return response;
  const headers = new Headers(response.headers);
  headers.delete("set-cookie");
  for (const cookie of cookies) if (!isCacheChunk(cookie)) headers.append("set-cookie", cookie);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

function dispatch(request: Request): Promise<Response> {
  if (request.method === "GET") {
    const url = new URL(request.url);
    if (url.pathname === SESSION_PATH) {
      return auth.api.getSession({ headers: request.headers, query: Object.fromEntries(url.searchParams), asResponse: true });
    }
  }
  return auth.handler(request);
}

export async function handleAuth(request: Request): Promise<Response> {
  let response: Response;
  try {
    response = await dispatch(request);
  } catch (error) {
    // A refusal thrown by a hook (e.g. a wrong API key) answers as it does through auth.handler.
    if (isAPIError(error)) return Response.json(error.body ?? null, { status: error.statusCode, headers: error.headers });
    console.error("Auth request failed:", error);
    response = Response.json({ code: "INTERNAL_SERVER_ERROR", message: "Internal server error." }, { status: 500 });
  }
  if (response.status < 500 || !(await dependencyDown())) return withoutCacheChunks(response);
  await response.body?.cancel();
  return unavailable();
}
