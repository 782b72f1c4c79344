/**
 * The engine's Cancel for one provider object (the plugin's gRPC Cancel: a second Ctrl-C, or termination).
 * Every operation's deadline joins its signal (operation.ts), so running waits and requests end at once
 * with EternusCancelledError (never reported as a timeout), and operations started afterwards are refused:
 * the engine is going away. Kept in a WeakMap keyed by the provider object, like its runtime
 * (provider-runtime.ts). Only the plugin makes a provider object cancellable: the dynamic provider's
 * shells never are (the nodejs host owns its cancellation), so their deadlines are unchanged.
 */
import { EternusCancelledError } from "../../client/errors";

const controllers = new WeakMap<object, AbortController>();

/** Makes `provider` cancellable (again: the same one) and returns its cancel. */
export function cancellable(provider: object): () => void {
  const ctl = controllers.get(provider) ?? new AbortController();
  controllers.set(provider, ctl);
  return () => {
    if (!ctl.signal.aborted) ctl.abort(new EternusCancelledError("an operation ran"));
  };
}

/** The cancellation signal of `provider`; undefined when it cannot be cancelled. */
export function cancellationOf(provider: unknown): AbortSignal | undefined {
  return provider && typeof provider === "object" ? controllers.get(provider)?.signal : undefined;
}
