// Runs before the pages in `config.matcher` (Next.js 16 renamed middleware to proxy): an optimistic
// redirect for pages that need a session. The cookie check only sees that a session cookie exists
// (it may be expired or revoked), so every protected page still verifies the session itself.
// /api/auth is deliberately not matched: with a proxy in front of a route, Next.js buffers the
// request body before the proxy runs, so the route handler could not refuse an oversized one early.
import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";

export function proxy(request: NextRequest) {
  if (!getSessionCookie(request)) {
    const signIn = new URL("/sign-in", request.url);
    signIn.searchParams.set("next", request.nextUrl.pathname);
    return NextResponse.redirect(signIn);
  }
  return NextResponse.next();
}

export const config = {
  matcher: ["/dashboard/:path*"],
};
