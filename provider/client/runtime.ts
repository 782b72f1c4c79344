/**
 * Injected timing and logging: every wait, backoff and clock read goes through a Runtime so tests assert
 * exact delays without waiting. Built at call time; nothing here is module state.
 */
import { abortError } from "./errors";

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface Runtime {
  sleep: Sleep;
  now: () => number;
  /** Uniform in [0, 1). */
  random: () => number;
  /** Progress and warning lines; never receives secrets. */
  log: (line: string) => void;
  /** A signal that aborts after `ms` of this runtime's time (a manual clock in tests). */
  timeout: (ms: number) => AbortSignal;
}

/** setTimeout-based sleep that rejects with EternusAbortError (EternusCancelledError on Cancel) when the signal fires. */
export const realSleep: Sleep = (ms, signal) => new Promise<void>((resolve, reject) => {
  if (signal?.aborted) {
    reject(abortError("waiting", signal));
    return;
  }
  const onAbort = () => {
    clearTimeout(timer);
    reject(abortError("waiting", signal));
  };
  const timer = setTimeout(() => {
    signal?.removeEventListener("abort", onAbort);
    resolve();
  }, Math.max(0, ms));
  signal?.addEventListener("abort", onAbort, { once: true });
});

/**
 * A signal that aborts after `ms` of real time, held by its own timer. Not AbortSignal.timeout: Node 20
 * holds a timeout signal weakly, so one that is only a source of AbortSignal.any (every nested Deadline,
 * resources/common/waits.ts) is garbage-collected and never fires (seen: a 15 s reachability probe that
 * ended only at undici's 60 s headers timeout). The timer keeps this controller alive until it fires; it is
 * unref'd, so it never keeps a process alive on its own.
 */
export function timerSignal(ms: number): AbortSignal {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError")), Math.max(1, Math.round(ms)));
  timer.unref?.();
  return ctl.signal;
}

export function defaultRuntime(over: Partial<Runtime> = {}): Runtime {
  return {
    sleep: over.sleep ?? realSleep,
    now: over.now ?? (() => Date.now()),
    random: over.random ?? Math.random,
    log: over.log ?? ((line) => console.error(line)),
    timeout: over.timeout ?? timerSignal,
  };
}

export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw abortError(what, signal);
}
