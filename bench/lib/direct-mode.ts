/**
 * Direct-provider mode: the same N mirrors without the engine. The dynamic provider objects are configured
 * and their check/create/read/diff/update/delete called in this process, all mirrors at once (as the engine
 * does with unbounded parallelism), each mirror's session after its volume. The difference to the engine
 * mode is the cost of the engine, the plugin process and the gRPC hops.
 */
import { recSyncSessionProvider, remoteVolumeProvider } from "../../provider";
import { closeAllClients } from "../../provider/client";
import { setProviderRuntime } from "../../provider/resources/common/provider-runtime";
import { PROVIDER_VERSION } from "../../provider/version";
import type { Op } from "./bounds";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Provider = import("@pulumi/pulumi").dynamic.ResourceProvider;

interface Mirror {
  volume: { id: string; outs: Props };
  session: { id: string; outs: Props; inputs: Props };
}

async function checked(p: Provider, news: Props): Promise<Props> {
  const r = await p.check!({}, news);
  if (r.failures?.length) throw new Error(`check failed: ${JSON.stringify(r.failures)}`);
  return r.inputs;
}

export class DirectMirrors {
  private mirrors: Mirror[] = [];

  /** `arraysConfig`: the `eternus:arrays` JSON text, as configure() receives it from stack config. */
  static async configure(arraysConfig: string): Promise<DirectMirrors> {
    const get = (k: string) => (k === "eternus:arrays" ? arraysConfig : undefined);
    for (const p of [remoteVolumeProvider, recSyncSessionProvider]) {
      setProviderRuntime(p, { rt: { log: () => undefined } }); // progress lines would drown the table
      await p.configure!({ config: { get, require: (k: string) => get(k) ?? "" } } as never);
    }
    return new DirectMirrors();
  }

  async run(op: Op, sourceIds: number[]): Promise<void> {
    switch (op) {
      case "up": this.mirrors = await Promise.all(sourceIds.map((id, i) => this.create(id, i))); break;
      case "refresh": await Promise.all(this.mirrors.map((m) => this.refresh(m))); break;
      case "switch": await Promise.all(this.mirrors.map((m) => this.switchMode(m, "Consistency"))); break;
      case "destroy": await Promise.all(this.mirrors.map((m) => this.destroy(m))); this.mirrors = []; break;
    }
    // Each engine command ends its plugin, which logs out (client-registry.ts): do the same, counted.
    await closeAllClients();
  }

  private async create(sourceVolumeId: number, i: number): Promise<Mirror> {
    const vIn = await checked(remoteVolumeProvider, {
      array: "site-b", name: `bench_mirror_${i}`, sizeFrom: { array: "site-a", volumeId: sourceVolumeId }, tppId: 0,
      providerVersion: PROVIDER_VERSION, resourceName: `m${i}-volume`,
    });
    const v = await remoteVolumeProvider.create!(vIn);
    const sIn = await checked(recSyncSessionProvider, {
      sourceArray: "site-a", sourceVolumeId, destinationArray: "site-b", destinationVolumeId: v.outs!.volumeId,
      transferMode: "Synchronous", providerVersion: PROVIDER_VERSION, resourceName: `m${i}-session`,
    });
    const s = await recSyncSessionProvider.create!(sIn);
    return { volume: { id: v.id, outs: v.outs! }, session: { id: s.id, outs: s.outs!, inputs: sIn } };
  }

  private async refresh(m: Mirror): Promise<void> {
    const v = await remoteVolumeProvider.read!(m.volume.id, m.volume.outs);
    const s = await recSyncSessionProvider.read!(m.session.id, m.session.outs);
    m.volume.outs = v.props ?? m.volume.outs;
    m.session.outs = s.props ?? m.session.outs;
  }

  private async switchMode(m: Mirror, transferMode: string): Promise<void> {
    const news = await checked(recSyncSessionProvider, { ...m.session.inputs, transferMode, splitMode: undefined });
    const d = await recSyncSessionProvider.diff!(m.session.id, m.session.outs, news);
    if (!d.changes || d.replaces?.length) throw new Error(`diff of the mode switch: ${JSON.stringify(d)}`);
    const u = await recSyncSessionProvider.update!(m.session.id, m.session.outs, news);
    m.session = { id: m.session.id, outs: u.outs ?? m.session.outs, inputs: news };
  }

  private async destroy(m: Mirror): Promise<void> {
    await recSyncSessionProvider.delete!(m.session.id, m.session.outs);
    await remoteVolumeProvider.delete!(m.volume.id, m.volume.outs);
  }
}
