/**
 * Diagnostics attached to a resource. The engine starts the dynamic-provider plugin with its own address
 * as the first argument; its Log call takes a resource URN and an `ephemeral` flag, so a line sent there
 * shows under the resource in `pulumi preview`/`up` (and in `--json` events with the URN), and an ephemeral
 * one is the status text on the resource's row. Without an engine (tests, old state without a URN) the
 * caller falls back to stderr, which the engine shows unattributed.
 *
 * The gRPC stubs and @grpc/grpc-js are the SDK's own (resolved from @pulumi/pulumi), loaded at call time.
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
import * as path from "path";

export type Severity = "info" | "warning";

export interface EngineLog {
  /** Resolves when the engine has the line (never rejects: a failure falls back to `fallback`). */
  log(severity: Severity, message: string, urn: string, ephemeral: boolean, fallback: () => void): Promise<void>;
}

const KEY = Symbol.for("pulumi-eternus-rec.engine-log");
type Slot = { engine?: EngineLog | null; pending: Set<Promise<void>> };

function slot(): Slot {
  const g = globalThis as unknown as Record<symbol, Slot | undefined>;
  return (g[KEY] ??= { pending: new Set() });
}

/** The engine's address if this process is the dynamic-provider plugin (argv: node <plugin> <host:port>). */
export function engineAddress(argv: readonly string[] = process.argv): string | undefined {
  const script = argv[1] ?? "";
  const address = argv[2] ?? "";
  return /dynamic-provider/.test(script) && /^[\w.-]+:\d+$/.test(address) ? address : undefined;
}

function connect(address: string): EngineLog | null {
  try {
    const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const fromSdk = (id: string): any => require(require.resolve(id, { paths: [sdk] }));
    const grpc = fromSdk("@grpc/grpc-js");
    const enginePb = fromSdk("@pulumi/pulumi/proto/engine_pb");
    const engineRpc = fromSdk("@pulumi/pulumi/proto/engine_grpc_pb");
    const client = new engineRpc.EngineClient(address, grpc.credentials.createInsecure());
    let broken = false;
    return {
      log(severity, message, urn, ephemeral, fallback) {
        if (broken) {
          fallback();
          return Promise.resolve();
        }
        const req = new enginePb.LogRequest();
        req.setSeverity(severity === "warning" ? enginePb.LogSeverity.WARNING : enginePb.LogSeverity.INFO);
        req.setMessage(message);
        req.setUrn(urn);
        req.setEphemeral(ephemeral);
        return new Promise<void>((resolve) => {
          client.log(req, (err: unknown) => {
            if (err) {
              broken = true; // one failure: stderr from now on, this line included
              fallback();
            }
            resolve();
          });
        });
      },
    };
  } catch {
    return null;
  }
}

/**
 * The provider plugin (provider/plugin) is started by the engine with its address too, under another
 * script name: it names the address here before the first line is sent.
 */
export function useEngineAddress(address: string): void {
  slot().engine = connect(address);
}

/** The engine connection of this plugin process, or undefined when there is none. */
export function engineLog(): EngineLog | undefined {
  const s = slot();
  if (s.engine === undefined) {
    const address = engineAddress();
    s.engine = address ? connect(address) : null;
  }
  return s.engine ?? undefined;
}

/** Keeps `p` until it settles, so the operation can wait for its lines before it returns. */
export function track(p: Promise<void>): void {
  const s = slot();
  s.pending.add(p);
  void p.finally(() => s.pending.delete(p));
}

/** Waits for every line sent so far (called before a provider method returns). */
export async function flushEngineLogs(): Promise<void> {
  await Promise.all([...slot().pending]);
}
