// Better Auth's endpoints (/api/auth/*) as a Next.js route handler.
import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "@/auth";
import { CLIENT_IP_HEADER } from "@/client-ip";

/**
 * The client IP that rate limits count by. A route handler cannot see the TCP socket, and
 * `next start` passes on any X-Forwarded-For the client sent, so neither is trustworthy here.
 * This drops the header the other frameworks set from the socket (a client could forge it), so
 * Better Auth uses X-Forwarded-For only when TRUSTED_PROXIES names the proxy in front of this app
 * (set it in production: Vercel, nginx, a load balancer). Without it, limits fall back to one
 * bucket shared by all clients (127.0.0.1 in development): stricter, never bypassable.
 */
function withoutForgedClientIp(request: Request): Request {
  if (!request.headers.has(CLIENT_IP_HEADER)) return request;
  const headers = new Headers(request.headers);
  headers.delete(CLIENT_IP_HEADER);
  return new Request(request, { headers });
}

export const { GET, POST } = toNextJsHandler((request) => auth.handler(withoutForgedClientIp(request)));
