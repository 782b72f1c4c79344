/**
 * Refresh of many resources on one array: one paginated sweep of the array's list (GET /copysession,
 * GET /volume), shared by the per-resource reads that come close together, instead of one GET each.
 * `pulumi refresh` of 100 mirrors then costs a few list pages per array, not 100 reads.
 *
 * - A read alone reads its own item (one request): a sweep pays off only when reads come in numbers, and
 *   an array may hold thousands of items of other tools.
 * - A read within SWEEP_REUSE_MS of the previous one starts a sweep (or joins the one in flight); reads
 *   until SWEEP_REUSE_MS after it ended use it.
 * - Any mutation by this process's client to that array (EternusClient.mutations) makes the sweep stale.
 * - An id the sweep does not list is read on its own before anyone calls it gone: a sweep is a snapshot,
 *   and "gone" removes a resource from state.
 * Identity stays the caller's check, on whatever comes back (a read must never adopt what is not ours).
 */
import type { CallOptions, EternusClient } from "../../client/types";

/**
 * How long a sweep serves reads, and how close two reads must come to start one. The engine sends a
 * refresh's reads within a second or two of each other; a refresh sees the array as of a few seconds
 * ago at worst, which it already does for resources read early in a long refresh.
 */
export const SWEEP_REUSE_MS = 10_000;

interface Sweep<T> {
  mutations: number;
  endedAt?: number;
  items: Promise<Map<number, T>>;
}

export interface SweepSource<T> {
  client: EternusClient;
  now: () => number;
  /** The whole list (all pages). */
  list: (o: CallOptions) => Promise<T[]>;
  idOf: (item: T) => number;
  /** One item's own read (undefined: gone). */
  single: (id: number, o: CallOptions) => Promise<T | undefined>;
}

class ReadSweep<T> {
  private sweep: Sweep<T> | undefined;
  private lastReadAt: number | undefined;

  constructor(private readonly src: SweepSource<T>) {}

  async read(id: number, o: CallOptions): Promise<T | undefined> {
    const { client, now } = this.src;
    const at = now();
    const burst = this.lastReadAt !== undefined && at - this.lastReadAt < SWEEP_REUSE_MS;
    this.lastReadAt = at;
    const m = client.mutations;
    if (m === undefined) return this.src.single(id, o);
    let sw = this.sweep;
    const usable = sw && sw.mutations === m && (sw.endedAt === undefined || at - sw.endedAt < SWEEP_REUSE_MS);
    if (!usable) {
      if (!burst) return this.src.single(id, o);
      sw = this.start(m, o);
    }
    let items: Map<number, T>;
    try {
      items = await sw!.items;
    } catch {
      return this.src.single(id, o); // the sweep failed: this read reports its own error (or succeeds)
    }
    if (client.mutations !== sw!.mutations) return this.src.single(id, o); // changed while sweeping
    return items.get(id) ?? this.src.single(id, o);
  }

  /** The first reader's signal bounds the sweep (a reachability probe keeps a dead array short). */
  private start(mutations: number, o: CallOptions): Sweep<T> {
    const sw: Sweep<T> = { mutations, items: Promise.resolve(new Map()) };
    sw.items = this.src.list(o).then((all) => {
      sw.endedAt = this.src.now();
      return new Map(all.map((x) => [this.src.idOf(x), x]));
    });
    sw.items.catch(() => { if (this.sweep === sw) this.sweep = undefined; });
    this.sweep = sw;
    return sw;
  }
}

// Keyed by kind; each kind's sweep holds one item type (the caller's T).
const sweeps = new WeakMap<EternusClient, Map<string, object>>();

/** The read of `id` through the `kind` sweep of this client (one per client and kind). */
export function sweptRead<T>(kind: string, src: SweepSource<T>, id: number, o: CallOptions): Promise<T | undefined> {
  let byKind = sweeps.get(src.client);
  if (!byKind) sweeps.set(src.client, (byKind = new Map()));
  let s = byKind.get(kind) as ReadSweep<T> | undefined;
  if (!s) byKind.set(kind, (s = new ReadSweep(src)));
  return s.read(id, o);
}
