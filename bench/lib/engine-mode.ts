/**
 * Engine mode: the bench program (bench/program) under the real `pulumi` CLI, through the repository's one
 * CLI driver (test/helpers/pulumi-cli.ts), with the arrays configured at the counting proxy.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { PulumiProject, REPO_ROOT } from "../../test/helpers/pulumi-cli";
import type { ProxiedArray } from "./counting-proxy";
import type { Op } from "./bounds";

export interface StateSize {
  /** Bytes of the whole `pulumi stack export` document. */
  exportBytes: number;
  /** Average bytes of one resource entry of each of our types. */
  remoteVolumeBytes: number;
  recSyncSessionBytes: number;
  /** Export bytes per mirror (a mirror = a component + a volume + a session). */
  perMirrorBytes: number;
  /** Bytes of the serialized provider (`__provider`, kept in inputs AND outputs) of one session. */
  providerBytes: number;
}

export class EngineMirrors {
  /** `parallel`: the CLI's --parallel (undefined = its default, 4 x CPUs in v3.274). */
  private constructor(readonly p: PulumiProject, private readonly parallel?: number) {}

  /** Stage the bench project in workDir, init a stack, configure the arrays (at the proxy) and the sources. */
  /** `group`: the program declares one MirroredVolumeGroup instead of N MirroredVolumes. */
  static async setUp(workDir: string, binDir: string, arrays: ProxiedArray[], sourceIds: number[], password: string, parallel?: number, group = false): Promise<EngineMirrors> {
    const projectDir = path.join(workDir, "project");
    fs.mkdirSync(projectDir, { recursive: true });
    const main = path.relative(projectDir, path.join(REPO_ROOT, "dist", "bench", "program", "index.js"));
    fs.writeFileSync(path.join(projectDir, "Pulumi.yaml"),
      `name: eternus-bench\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: ${main}\n`);
    const p = new PulumiProject({ projectDir, workDir, binDir, stack: "bench" });
    await p.init();
    await p.configureArrays(arrays, { password });
    await p.configSet("sourceVolumeIds", JSON.stringify(sourceIds), { path: false });
    await p.configSet("transferMode", "Synchronous");
    await p.configSet("group", String(group));
    return new EngineMirrors(p, parallel);
  }

  async run(op: Op): Promise<void> {
    const long = { timeoutMs: 30 * 60_000, extra: this.parallel ? ["--parallel", String(this.parallel)] : [] };
    switch (op) {
      case "up": await this.p.up(long); return;
      case "refresh": await this.p.refresh(long); return;
      case "switch": await this.p.up(long); return;
      case "destroy": await this.p.destroy(long); return;
    }
  }

  /** Steps before an operation that are not part of its measurement. */
  async prepare(op: Op): Promise<void> {
    if (op === "switch") await this.p.configSet("transferMode", "Consistency");
  }

  async stateSize(n: number): Promise<StateSize> {
    const doc = await this.p.exportState();
    const resources = doc.deployment.resources ?? [];
    const avg = (suffix: string) => {
      const rs = resources.filter((r) => String(r.type).endsWith(suffix));
      return rs.length ? Math.round(rs.reduce((sum, r) => sum + JSON.stringify(r).length, 0) / rs.length) : 0;
    };
    const exportBytes = JSON.stringify(doc).length;
    const session = resources.find((r) => String(r.type).endsWith(":RecSyncSession"));
    const providerBytes = String(session?.outputs?.__provider ?? "").length;
    return { exportBytes, remoteVolumeBytes: avg(":RemoteVolume"), recSyncSessionBytes: avg(":RecSyncSession"), perMirrorBytes: Math.round(exportBytes / n), providerBytes };
  }

  async tearDown(): Promise<void> {
    await this.p.stackRm();
  }
}
