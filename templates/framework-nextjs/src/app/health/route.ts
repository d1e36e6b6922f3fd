// Liveness for load balancers and the smoke test; answered per request, never prerendered.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" });
}
