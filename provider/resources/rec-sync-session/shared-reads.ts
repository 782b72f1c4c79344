/**
 * Copy-session reads shared by the operations of one plugin process on one array: while N sessions wait
 * (for Equivalent, a suspend, a resume) on one array, the array sees about one `GET /copysession?copysession_id=...`
 * per tick instead of N `GET /copysession/{id}` (the management interface is small and shared).
 *
 * Two parts, per client (one client per array per process, client-registry.ts):
 * - a batched read: reads asked in the same turn of the event loop go out as one list request (ids
 *   filtered, chunked and paged by the client). It is only ever sent after the read was asked, so a read
 *   that confirms a step still sees the array after that step;
 * - a shared tick: the waits' sleeps. A sleep of `ms` may end early, from half of `ms` on, so the sleepers
 *   whose windows overlap wake together at the earliest end among them (fewest wake-ups: the classic
 *   greedy stab at the earliest right end), then read together. Only one sleep runs on the runtime at a
 *   time, so a manual clock moves once per tick, not once per waiter. A sleep never ends late: deadlines,
 *   progress lines and the copy's expected end keep their times.
 * Identity is checked by the caller on every session returned, as for a single read.
 */
import { abortError, EternusAbortError } from "../../client/errors";
import type { Runtime } from "../../client/runtime";
import type { CopySession, EternusClient } from "../../client/types";

/** A sleep may end this fraction of its length early to wake with others. */
export const EARLY_WAKE_FRACTION = 0.5;

interface PendingRead {
  id: number;
  resolve: (s: CopySession | undefined) => void;
  reject: (e: unknown) => void;
  signal?: AbortSignal;
}

interface Sleeper {
  earliest: number;
  latest: number;
  wake: () => void;
}

class SharedReads {
  private queued: PendingRead[] = [];
  private flushScheduled = false;
  private sleepers = new Set<Sleeper>();
  private ticking = false;
  private retarget: AbortController | undefined;
  private inFlight = 0;
  private onIdle: (() => void)[] = [];

  constructor(private readonly client: EternusClient, private readonly rt: Runtime) {}

  /**
   * The session with this id as the array shows it now (undefined: not listed). An abort of `signal`
   * rejects this read at once; the shared request goes on for the others.
   */
  read(id: number, signal?: AbortSignal): Promise<CopySession | undefined> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const onAbort = () => settle(() => reject(abortError(`GET /copysession/${id}`, signal)));
      const settle = (f: () => void) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener("abort", onAbort);
        f();
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      this.queued.push({ id, signal, resolve: (s) => settle(() => resolve(s)), reject: (e) => settle(() => reject(e)) });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const batch = this.queued.filter((r) => !r.signal?.aborted); // aborted ones were rejected already
    this.queued = [];
    if (!batch.length) return this.idleCheck();
    this.inFlight++;
    // The request stops only when every caller has stopped waiting (each deadline is its caller's own).
    const ctl = new AbortController();
    const signals = batch.map((r) => r.signal).filter((x): x is AbortSignal => x !== undefined);
    const onAbort = () => { if (signals.every((x) => x.aborted)) ctl.abort(new EternusAbortError("reading the shared session list (every reader stopped waiting)")); };
    if (signals.length === batch.length) for (const x of signals) x.addEventListener("abort", onAbort);
    const signal = ctl.signal;
    try {
      const listed = await this.client.listCopySessions(batch.map((r) => r.id), { signal });
      const byId = new Map(listed.map((s) => [s.copysession_id, s]));
      for (const r of batch) r.resolve(byId.get(r.id));
    } catch (e) {
      for (const r of batch) r.reject(e);
    } finally {
      for (const x of signals) x.removeEventListener("abort", onAbort); // deadlines live long: no leak per tick
      this.inFlight--;
      this.idleCheck();
    }
  }

  private idleCheck(): void {
    if (this.inFlight || this.queued.length || this.flushScheduled) return;
    for (const f of this.onIdle.splice(0)) f();
  }

  /**
   * Until no read is queued or in flight, then one more turn (the readers' next sleeps are asked in it):
   * the tick's next target then counts the sleepers just woken. A deadline still ends a sleep on time
   * (its signal); only a tick may come late while a slow list request is out.
   */
  private async settled(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    while (this.inFlight || this.queued.length || this.flushScheduled) {
      await new Promise<void>((resolve) => this.onIdle.push(resolve));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Sleep at most `ms`, waking early (from ms * (1 - EARLY_WAKE_FRACTION)) together with other sleepers. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError("waiting", signal));
    return new Promise((resolve, reject) => {
      const now = this.rt.now();
      const sleeper: Sleeper = {
        earliest: now + ms * (1 - EARLY_WAKE_FRACTION),
        latest: now + ms,
        wake: () => { signal?.removeEventListener("abort", onAbort); resolve(); },
      };
      const onAbort = () => {
        this.sleepers.delete(sleeper);
        reject(abortError("waiting", signal));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.sleepers.add(sleeper);
      if (this.ticking) this.retarget?.abort(); // the tick may have to come sooner
      else void this.tick();
    });
  }

  /** The one sleeper on the runtime: wakes, at each tick, every sleeper whose window has opened. */
  private async tick(): Promise<void> {
    this.ticking = true;
    try {
      while (this.sleepers.size) {
        await this.settled();
        if (!this.sleepers.size) break;
        const target = Math.min(...[...this.sleepers].map((s) => s.latest));
        const wait = target - this.rt.now();
        if (wait > 0) {
          this.retarget = new AbortController();
          try {
            await this.rt.sleep(wait, this.retarget.signal);
          } catch {
            // A new sleeper arrived: compute the target again.
          }
          this.retarget = undefined;
        }
        const now = this.rt.now();
        if (now < target) continue;
        for (const s of [...this.sleepers]) {
          if (s.earliest <= now) {
            this.sleepers.delete(s);
            s.wake();
          }
        }
      }
    } finally {
      this.ticking = false;
    }
  }
}

const perClient = new WeakMap<EternusClient, SharedReads>();

/** The shared reads of this client (created on first use, on the first caller's runtime). */
export function sharedReads(client: EternusClient, rt: Runtime): Pick<SharedReads, "read" | "sleep"> {
  let s = perClient.get(client);
  if (!s) {
    s = new SharedReads(client, rt);
    perClient.set(client, s);
  }
  return s;
}
