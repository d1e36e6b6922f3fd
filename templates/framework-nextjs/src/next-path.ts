/** Where to go after signing in or up: the `next` query parameter if it is a path on this site. */
export function nextPath(fallback = "/dashboard"): string {
  const next = new URLSearchParams(window.location.search).get("next");
  // "//evil.example" and "/\evil.example" lead browsers to other sites: only plain paths pass.
  return next && /^\/(?![/\\])/.test(next) ? next : fallback;
}
