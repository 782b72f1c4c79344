/**
 * The current stretch of overlapping provider operations (client-registry withClientLease advances it when
 * an operation starts while none runs). A leaf module so the client can read it without importing the
 * registry (which creates clients): no import cycle. On globalThis, like the registry: the serialized
 * provider may load this module twice.
 */
const EPOCH_KEY = Symbol.for("pulumi-eternus-rec.lease-epoch");

type Holder = Record<symbol, number | undefined>;

export function leaseEpoch(): number {
  return (globalThis as unknown as Holder)[EPOCH_KEY] ?? 0;
}

/** A new stretch begins (an operation started while none ran). */
export function nextLeaseEpoch(): void {
  (globalThis as unknown as Holder)[EPOCH_KEY] = leaseEpoch() + 1;
}
