// Better Auth's endpoints (/api/auth/*) as a Next.js route handler.
import { toNextJsHandler } from "better-auth/next-js";
import { handleAuth } from "@/auth-handler";
import { readBodyWithin } from "@/body-limit";
import { CLIENT_IP_HEADER, resolveForwardedClientIp } from "@/client-ip";
import { env } from "@/env";

/**
 * The client address rate limits count by. A route handler cannot see the TCP socket; `next start`
 * puts the socket address in X-Forwarded-For only when the request has none, and keeps one a client
 * sent. So: with TRUSTED_PROXIES (production behind nginx, a load balancer, a platform), the chain
 * is walked from the right past those proxies, which is sound as long as only the proxy can reach
 * this app's port. Without it, the rightmost entry is used: the socket address for ordinary
 * clients, never one bucket shared by everyone, but a client that talks straight to `next start`
 * can pick its own. The README's security section says how to deploy it.
 */
if (env.isProduction && !env.TRUSTED_PROXIES.length) {
  console.warn("TRUSTED_PROXIES is empty: Next.js cannot see client sockets, so a client that reaches this app directly can choose the address its rate limits count. Put a proxy in front and list it in TRUSTED_PROXIES.");
}

async function handle(request: Request): Promise<Response> {
  const ip = resolveForwardedClientIp(request.headers.get("x-forwarded-for"), env.trustedProxyNetworks);
  // No address at all: refuse rather than count the request in a bucket shared with others.
  if (!ip) return Response.json({ code: "NO_CLIENT_ADDRESS", message: "Could not determine the client address." }, { status: 400 });
  const limited = await readBodyWithin(request, env.MAX_BODY_BYTES);
  if (limited instanceof Response) return limited;
  // Replaces any value a client sent in this header.
  const headers = new Headers(limited.headers);
  headers.set(CLIENT_IP_HEADER, ip);
  return handleAuth(new Request(limited, { headers }));
}

const CORS_HEADERS = {
  "access-control-allow-credentials": "true",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "Content-Type, Authorization",
  "access-control-max-age": "600",
};
const EXPOSED = "set-auth-token, set-auth-jwt";

/** CORS for the front-ends in TRUSTED_ORIGINS that call /api/auth (none for other origins). */
function withCors(request: Request, response: Response): Response {
  // A copy: some responses (redirects) have immutable headers.
  const headers = new Headers(response.headers);
  headers.append("vary", "Origin");
  const origin = request.headers.get("origin");
  if (origin && env.TRUSTED_ORIGINS.includes(origin)) {
    for (const [name, value] of Object.entries(CORS_HEADERS)) headers.set(name, value);
    headers.set("access-control-allow-origin", origin);
    // Better Auth's plugins may expose headers of their own: keep both lists.
    const exposed = headers.get("access-control-expose-headers");
    headers.set("access-control-expose-headers", exposed ? `${exposed}, ${EXPOSED}` : EXPOSED);
  }
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

const handler = toNextJsHandler(handle);
export const GET = async (request: Request) => withCors(request, await handler.GET(request));
export const POST = async (request: Request) => withCors(request, await handler.POST(request));
export const OPTIONS = (request: Request) => withCors(request, new Response(null, { status: 204 }));
