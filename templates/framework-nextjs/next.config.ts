import type { NextConfig } from "next";

const config: NextConfig = {
  poweredByHeader: false,
  typescript: {
    // The auth service's files import each other NodeNext-style (`./db.js` for db.ts), so the
    // migration scripts run them with tsx. Turbopack maps `.js` to `.ts` only when the tsconfig it
    // reads says moduleResolution "nodenext", which Next's pages cannot type-check under; so
    // Turbopack reads tsconfig.next.json, and the `build` script type-checks with tsconfig.json
    // (`tsc --noEmit`) before `next build`, in place of Next's own check.
    tsconfigPath: "tsconfig.next.json",
    ignoreBuildErrors: true,
  },
};

export default config;
