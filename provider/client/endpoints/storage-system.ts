/** GET /storagesystem [M:storagesystem]: box id, model, licenses; a recent read may answer (maxAgeMs). */
import * as storageApi from "../../api/storage-system";
import type { StorageSystemCache } from "../caches/storage-system-cache";
import type { CallOptions, RecentReadOptions, StorageSystem } from "../types";
import type { Calls } from "./calls";

export class StorageSystemEndpoint {
  constructor(private readonly calls: Calls, private readonly cache: StorageSystemCache) {}

  async get(o?: CallOptions & RecentReadOptions): Promise<StorageSystem> {
    const kept = this.cache.recent(o?.maxAgeMs);
    if (kept) return kept;
    const value = await this.calls.get(storageApi.getStorageSystem(), storageApi.storageSystemSchema(), o);
    this.cache.keep(value);
    return value;
  }
}
