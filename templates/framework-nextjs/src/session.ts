import { headers } from "next/headers";
import { cache } from "react";
import { auth } from "./auth.js";

/** The signed-in user's session or null, read once per request however many components ask. */
export const getSession = cache(async () => auth.api.getSession({ headers: await headers() }));
