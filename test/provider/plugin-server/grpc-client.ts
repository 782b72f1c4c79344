/**
 * The plugin's service on a local port and a client for it: the tests talk gRPC to it as the engine does.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { emptyproto, grpc, provproto, provrpc, statusproto, structproto } from "../../../provider/plugin/sdk";
import { providerService } from "../../../provider/plugin/server";

export interface PluginClient {
  /** Calls method `name` with `req`; resolves with the reply, rejects with the gRPC error. */
  call<T = any>(name: string, req: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function startPlugin(shell: object): Promise<PluginClient> {
  const server = new grpc.Server();
  server.addService(provrpc.ResourceProviderService as never, providerService({ shell }) as never);
  const port = await new Promise<number>((resolve, reject) => server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  const client: any = new (provrpc.ResourceProviderClient as any)(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return {
    call: (name, req) => new Promise((resolve, reject) => client[name](req, (e: unknown, r: unknown) => (e ? reject(e) : resolve(r as any)))),
    async close() {
      client.close();
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    },
  };
}

export const struct = (o: Record<string, unknown>) => structproto.Struct.fromJavaScript(o as any);

/** The ErrorResourceInitFailed of a failed Create/Update, or undefined. */
export function initFailure(e: any): { id: string; properties: Record<string, unknown> } | undefined {
  const bin = e?.metadata?.get("grpc-status-details-bin")?.[0];
  if (!bin) return undefined;
  const status = statusproto.Status.deserializeBinary(bin);
  const any = status.getDetailsList()[0];
  const detail = any?.unpack(provproto.ErrorResourceInitFailed.deserializeBinary, "pulumirpc.ErrorResourceInitFailed");
  return detail ? { id: detail.getId(), properties: detail.getProperties()!.toJavaScript() as Record<string, unknown> } : undefined;
}

export { emptyproto, provproto };
