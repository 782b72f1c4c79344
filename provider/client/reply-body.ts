/**
 * A reply body read within bounds: at most `maxBytes` (a proxy or a confused array can stream without end)
 * and complete within `deadline` (undici's bodyTimeout only bounds the gap between two chunks, so a body
 * trickling one byte at a time never ends by it). Either limit destroys the body, which frees the
 * connection, and throws a ReplyBodyLimit the transport turns into a clear error.
 */

/** Biggest reply accepted: a page of 100 copy sessions is ~100 KB; a whole unpaged volume list a few MB. */
export const MAX_REPLY_BYTES = 16 * 1024 * 1024;

export class ReplyBodyLimit extends Error {
  constructor(readonly limit: "size" | "deadline", readonly bytes: number) {
    super(limit === "size" ? `reply body larger than the limit (${bytes} bytes read)` : `reply body incomplete at the deadline (${bytes} bytes read)`);
    this.name = "ReplyBodyLimit";
  }
}

export interface BodyStream extends AsyncIterable<Buffer | string> {
  destroy(err?: Error): unknown;
}

export async function readBounded(body: BodyStream, o: { maxBytes: number; contentLength?: number; deadline: AbortSignal }): Promise<string> {
  let bytes = 0;
  const stop = (limit: ReplyBodyLimit["limit"]): never => {
    const e = new ReplyBodyLimit(limit, bytes);
    body.destroy(e);
    throw e;
  };
  if (o.contentLength !== undefined && o.contentLength > o.maxBytes) stop("size");
  if (o.deadline.aborted) stop("deadline");
  const onDeadline = () => body.destroy(new ReplyBodyLimit("deadline", bytes));
  o.deadline.addEventListener("abort", onDeadline, { once: true });
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of body) {
      const b = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      bytes += b.length;
      if (bytes > o.maxBytes) stop("size");
      chunks.push(b);
    }
  } catch (e) {
    if (e instanceof ReplyBodyLimit) throw e;
    if (o.deadline.aborted) stop("deadline");
    throw e;
  } finally {
    o.deadline.removeEventListener("abort", onDeadline);
  }
  return Buffer.concat(chunks).toString("utf8");
}
