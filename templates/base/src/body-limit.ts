// A cap on request bodies for the auth endpoints (MAX_BODY_BYTES, 1 MB by default). Better Auth
// reads a body whole before validating it, so without a cap a few large uploads exhaust memory.

/** 413 with `Connection: close`, so the client stops sending the rest of an oversized body. */
export function payloadTooLarge(max: number): Response {
  return Response.json(
    { code: "PAYLOAD_TOO_LARGE", message: `Request body is larger than ${max} bytes.` },
    { status: 413, headers: { connection: "close" } },
  );
}

/**
 * The request with its body read into memory, or a 413 response as soon as it is known to be too
 * large: before reading anything when Content-Length says so, otherwise at the first chunk that
 * crosses the limit (chunked uploads). At most `max` bytes are ever held.
 */
export async function readBodyWithin(request: Request, max: number): Promise<Request | Response> {
  if (!request.body) return request;
  const declared = request.headers.get("content-length");
  if (declared !== null && !(Number(declared) <= max)) return payloadTooLarge(max);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      // Stop reading; the 413's Connection: close ends the upload.
      reader.releaseLock();
      return payloadTooLarge(max);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new Request(request, { body });
}
