// Better Auth verifies signed session cookies (and signed bearer tokens) with the current secret
// only, so a rotation would sign everyone out. While the previous secrets are still configured,
// this re-signs a value that one of them signed with the current secret before Better Auth reads
// it; once a previous secret is removed, what it signed stops being accepted.
import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";
import { resign } from "./signed-value.js";

const decode = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

export function secretRotation(previous: string[]): BetterAuthPlugin {
  return {
    id: "secret-rotation",
    hooks: {
      before: [
        {
          matcher: (context) => {
            const headers = context.request?.headers ?? context.headers;
            return previous.length > 0 && Boolean(headers?.get("cookie") || headers?.get("authorization"));
          },
          handler: createAuthMiddleware(async (ctx) => {
            const headers = new Headers(ctx.request?.headers ?? ctx.headers);
            const current = ctx.context.secret;
            let changed = false;
            const name = ctx.context.authCookies.sessionToken.name;
            const cookies = (headers.get("cookie") ?? "").split(";").map((part) => {
              const eq = part.indexOf("=");
              if (eq < 0 || part.slice(0, eq).trim() !== name) return part.trim();
              const resigned = resign(decode(part.slice(eq + 1).trim()), current, previous);
              if (!resigned) return part.trim();
              changed = true;
              return `${name}=${encodeURIComponent(resigned)}`;
            });
            if (changed) headers.set("cookie", cookies.join("; "));
            const bearer = /^bearer\s+(.+)$/i.exec(headers.get("authorization") ?? "")?.[1];
            const resignedBearer = bearer && resign(decode(bearer.trim()), current, previous);
            if (resignedBearer) {
              // The bearer plugin turns the token into the session cookie from the original headers;
              // this hook runs after it (pluginsLast), so the cookie set here is the one read.
              headers.set("authorization", `Bearer ${resignedBearer}`);
              const others = (headers.get("cookie") ?? "").split(";").map((c) => c.trim()).filter((c) => c && !c.startsWith(`${name}=`));
              headers.set("cookie", [...others, `${name}=${encodeURIComponent(resignedBearer)}`].join("; "));
              changed = true;
            }
            if (changed) return { context: { headers } };
          }),
        },
      ],
    },
  };
}
