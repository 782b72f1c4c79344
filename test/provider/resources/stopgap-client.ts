/**
 * TEMPORARY stand-in for provider/client until the real client lands: a minimal fetch-based EternusClient
 * for the simulator over plain HTTP. No retries, no refresh. Used by the resource tests only when
 * provider/client has no factory yet (see sim-harness.ts).
 */
import type { ArrayConnection, CallOptions, CopySession, CreateRecSessionRequest, CreateVolumeRequest, EternusClient, StorageSystem, Volume, VolumeCopySessions } from "../../../provider/client/types";
import { idFromHref, isTerminalJobStatus } from "../../../provider/api/dialect";

class HttpError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

export function stopgapClient(conn: ArrayConnection): EternusClient {
  const base = conn.endpoint.replace(/\/$/, "") + "/api/v1";
  let token: string | undefined;
  let sessionId: number | undefined;

  async function raw(method: string, path: string, body?: unknown, o?: CallOptions): Promise<{ status: number; json: any }> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: o?.signal });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  }
  async function call(method: string, path: string, body?: unknown, o?: CallOptions): Promise<any> {
    if (!token) {
      const r = await raw("POST", "/session", { user_name: conn.username, password: conn.password }, o);
      if (r.status !== 200) throw new HttpError(r.status, `login failed ${r.status}`);
      token = r.json.token;
      sessionId = r.json.session_id;
    }
    const r = await raw(method, path, body, o);
    if (r.status >= 400) throw new HttpError(r.status, `${method} ${path}: ${r.status} ${r.json?.message ?? ""}`);
    if (r.status === 202 && r.json?.job_id) {
      for (;;) {
        const j = await raw("GET", `/job/${r.json.job_id}`, undefined, o);
        if (j.status >= 400) throw new HttpError(j.status, `job ${r.json.job_id}: ${j.status}`);
        if (isTerminalJobStatus(j.json.status)) {
          await raw("DELETE", "/job", { job_id_list: [r.json.job_id] }, o).catch(() => undefined);
          if (j.json.status !== "Success") throw new Error(`job ${r.json.job_id} ${j.json.status}`);
          return j.json;
        }
        await new Promise((res) => setTimeout(res, 20));
      }
    }
    return r.json;
  }
  async function get<T>(path: string, o?: CallOptions): Promise<T | undefined> {
    try {
      return await call("GET", path, undefined, o);
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) return undefined;
      throw e;
    }
  }
  async function list<T>(path: string, key: string, o?: CallOptions): Promise<T[]> {
    const out: T[] = [];
    let next: string | undefined = path;
    while (next) {
      const r: any = await call("GET", next, undefined, o);
      out.push(...(r[key] ?? []));
      next = r.next_href ? String(r.next_href).replace(/^\/api\/v1/, "") : undefined;
    }
    return out;
  }
  async function del(path: string, body: unknown, o?: CallOptions): Promise<void> {
    try {
      await call("DELETE", path, body, o);
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) return;
      throw e;
    }
  }
  return {
    arrayName: conn.name,
    getStorageSystem: async (o) => (await call("GET", "/storagesystem", undefined, o)) as StorageSystem,
    getSessionInfo: async (o) => call("GET", `/session/${sessionId ?? 0}`, undefined, o),
    listVolumes: async (q, o) => (await list<Volume>("/volume", "volume_list", o)).filter((v) => !q?.name || v.name === q.name),
    getVolume: (id, o) => get<Volume>(`/volume/${id}`, o),
    createVolume: async (req: CreateVolumeRequest, o) => {
      const job = await call("POST", "/volume", { name: req.name, capacity: req.capacityMb, tpp_id: req.tppId, raidgroup_id: req.raidGroupId }, o);
      const id = idFromHref(job.resource_href_list[0])!;
      return (await get<Volume>(`/volume/${id}`, o))!;
    },
    renameVolume: async (id, name, o) => { await call("PATCH", `/volume/${id}`, { new_name: name }, o); },
    expandVolume: async (id, cap, o) => { await call("POST", `/volume/${id}/expand`, { new_capacity: cap }, o); },
    deleteVolume: (id, o) => del(`/volume/${id}`, undefined, o),
    listCopySessions: (o) => list<CopySession>("/copysession", "copysession_list", o),
    getCopySession: (id, o) => get<CopySession>(`/copysession/${id}`, o),
    getVolumeCopySessions: async (id, o) => {
      const r = await get<VolumeCopySessions>(`/volume/${id}/copysession`, o);
      return r ? { ...r, backup_volume_list: r.backup_volume_list ?? [] } : undefined;
    },
    createRecSession: async (req: CreateRecSessionRequest, o) => {
      const job = await call("POST", "/copysession/rec", {
        source_volume_id: req.sourceVolumeId, destination_volume_id: req.destinationVolumeId, source_boxid: req.sourceBoxId,
        destination_boxid: req.destinationBoxId, transfer_mode: req.transferMode, split_mode: req.splitMode, recovery_mode: req.recoveryMode,
      }, o);
      return idFromHref(job.resource_href_list[0])!;
    },
    patchCopySession: async (id, field, value, o) => { await call("PATCH", `/copysession/${id}`, { [field]: value }, o); },
    suspendCopySession: async (id, opts, o) => { await call("POST", `/copysession/${id}/suspend`, opts.forced ? { is_forced: true } : undefined, o); },
    resumeCopySession: async (id, o) => { await call("POST", `/copysession/${id}/resume`, undefined, o); },
    reverseCopySession: async (id, o) => { await call("POST", `/copysession/${id}/reverse`, undefined, o); },
    deleteCopySession: (id, opts, o) => del(`/copysession/${id}`, opts.forced ? { is_forced: true } : undefined, o),
    close: async () => { token = undefined; },
  };
}
