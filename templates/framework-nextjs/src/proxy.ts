// Runs before the routes in `config.matcher` (Next.js 16 renamed middleware to proxy). Two jobs:
// CORS for the front-ends in TRUSTED_ORIGINS that call /api/auth, and an optimistic redirect for
// pages that need a session. The cookie check only sees that a session cookie exists (it may be
// expired or revoked), so every protected page still verifies the session itself.
import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";

const trustedOrigins = (process.env.TRUSTED_ORIGINS ?? "").split(",").map((s) => s.trim()).filter(Boolean);

const CORS_HEADERS = {
  "access-control-allow-credentials": "true",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "Content-Type, Authorization",
  "access-control-expose-headers": "set-auth-token, set-auth-jwt",
  "access-control-max-age": "600",
};

function cors(request: NextRequest): NextResponse {
  const origin = request.headers.get("origin");
  const headers: Record<string, string> = { vary: "Origin" };
  if (origin && trustedOrigins.includes(origin)) Object.assign(headers, CORS_HEADERS, { "access-control-allow-origin": origin });
  if (request.method === "OPTIONS") return new NextResponse(null, { status: 204, headers });
  const response = NextResponse.next();
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (pathname.startsWith("/api/auth/")) return cors(request);
  if (!getSessionCookie(request)) {
    const signIn = new URL("/sign-in", request.url);
    signIn.searchParams.set("next", pathname);
    return NextResponse.redirect(signIn);
  }
  return NextResponse.next();
}

export const config = {
  matcher: ["/api/auth/:path*", "/dashboard/:path*"],
};
