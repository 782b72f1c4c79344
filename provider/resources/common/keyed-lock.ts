/**
 * Serializes work per key inside one plugin process. The engine creates resources in parallel, so eight
 * sessions from one business volume would all pass the "fewer than 8 sessions" pre-flight before any of
 * them exists; under the lock each pre-flight sees the sessions created before it.
 */
const tails = new Map<string, Promise<unknown>>();

export async function withKeyedLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const before = tails.get(key) ?? Promise.resolve();
  const run = before.then(fn, fn);
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  try {
    return await run;
  } finally {
    if (tails.get(key) === tail) tails.delete(key);
  }
}
