/** A request that ends by its signal whatever undici does with it (transport.ts). */

/**
 * `p`, or a rejection as soon as `signal` aborts: undici leaves a request queued in its pool pending past
 * its signal. A response that still arrives later has its body destroyed (the connection is freed).
 */
export function endsBySignal<T extends { body: { destroy(): unknown } }>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  const late = (r: T) => void r.body.destroy();
  const abortError = () => Object.assign(new Error("request aborted"), { code: "UND_ERR_ABORTED", cause: signal.reason });
  if (signal.aborted) {
    p.then(late, () => undefined);
    return Promise.reject(abortError());
  }
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const onAbort = () => {
      settled = true;
      reject(abortError());
    };
    signal.addEventListener("abort", onAbort, { once: true });
    p.then((r) => {
      signal.removeEventListener("abort", onAbort);
      if (settled) late(r);
      else resolve(r);
    }, (e: unknown) => {
      signal.removeEventListener("abort", onAbort);
      if (!settled) reject(e);
    });
  });
}
