// Readiness: 200 when the database (and Redis, when used) answer, else 503; /health is liveness.
import { readiness } from "@/readiness";

export const dynamic = "force-dynamic";

export async function GET() {
  const state = await readiness();
  return Response.json(state, { status: state.ready ? 200 : 503 });
}
