/**
 * The last GET /storagesystem, for callers that accept a recent one (maxAgeMs) within one stretch of
 * overlapping operations (lease-epoch.ts). Forgotten on any transport failure: an array that went away may
 * come back as another box (a new box id).
 */
import { leaseEpoch } from "../lease-epoch";
import type { StorageSystem } from "../types";

export class StorageSystemCache {
  private kept: { at: number; epoch: number; value: StorageSystem } | undefined;

  constructor(private readonly now: () => number) {}

  recent(maxAgeMs: number | undefined): StorageSystem | undefined {
    const k = this.kept;
    if (maxAgeMs === undefined || !k || k.epoch !== leaseEpoch() || this.now() - k.at > maxAgeMs) return undefined;
    return k.value;
  }

  keep(value: StorageSystem): void {
    this.kept = { at: this.now(), epoch: leaseEpoch(), value };
  }

  forget(): void {
    this.kept = undefined;
  }
}
