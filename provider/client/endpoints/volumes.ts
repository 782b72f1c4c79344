/** /volume [M:vol-*]: list, read, create (read back after its job), rename, expand, delete. */
import * as volumesApi from "../../api/volumes";
import { resourceIds } from "../jobs";
import type { CallOptions, CreateVolumeRequest, Volume } from "../types";
import type { Calls } from "./calls";

export class VolumesEndpoint {
  constructor(private readonly calls: Calls) {}

  async list(query?: { name?: string; fields?: string[] }, o?: CallOptions): Promise<Volume[]> {
    // name and capacity are required by Volume, so a narrowed list still carries them.
    const fields = query?.fields?.length ? [...new Set([...query.fields, "name", "capacity"])] : undefined;
    const all = await this.calls.list(volumesApi.listVolumes({ fields }), volumesApi.volumeListPageSchema(), o);
    return query?.name === undefined ? all : all.filter((v) => v.name === query.name);
  }

  get(volumeId: number, o?: CallOptions): Promise<Volume | undefined> {
    return this.calls.getOrUndefined(volumesApi.getVolume(volumeId), volumesApi.volumeSchema(), o);
  }

  async create(req: CreateVolumeRequest, o?: CallOptions): Promise<Volume> {
    const r = volumesApi.createVolume(req);
    const job = await this.calls.mutate(r, o);
    // The job did not name the volume: the name is unique on the array.
    const id = (job ? resourceIds(job, "volume")[0] : undefined) ?? (await this.list({ name: req.name }, o))[0]?.volume_id;
    const vol = id === undefined ? undefined : await this.get(id, o);
    if (!vol) throw this.calls.badResponse(r, 202, `volume "${req.name}" was created but cannot be read back`);
    return vol;
  }

  async rename(volumeId: number, newName: string, o?: CallOptions): Promise<void> {
    await this.calls.mutate(volumesApi.renameVolume(volumeId, newName), o);
  }

  async expand(volumeId: number, newCapacityMb: number, o?: CallOptions): Promise<void> {
    await this.calls.mutate(volumesApi.expandVolume(volumeId, newCapacityMb), o);
  }

  /** 404 counts as done; a lost answer is read back (gone means done). */
  delete(volumeId: number, o?: CallOptions): Promise<void> {
    return this.calls.deleteIdempotently(() => this.calls.mutate(volumesApi.deleteVolume(volumeId), o), () => this.get(volumeId, o));
  }
}
