/**
 * The route table: {method, pattern, handler, access}. Access: "none" only for login; "token" a valid
 * token; a privilege name from auth_list (sim-choices PRIVILEGE); "admin" the simulator's administrator role.
 */
import { API_BASE } from "../../provider/api/dialect";
import * as admin from "./admin";
import * as hostIo from "./admin-host-io";
import * as sites from "./admin-sites";
import * as workloads from "./admin-workloads";
import * as cs from "./copy-sessions";
import { Handler } from "./context";
import * as jobs from "./jobs";
import * as logins from "./logins";
import { PRIVILEGE, Privilege } from "../model/sim-choices";
import { getStorageSystem } from "./storage-system";
import * as vol from "./volumes";

export interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
  access: Access;
}

export type Access = "none" | "token" | "admin" | Privilege;

const ID = "(?<id>[^/]+)";
const NAMED = (param: string) => `(?<${param}>[^/]+)`;
function api(method: string, path: string, handler: Handler, access: Access): Route {
  return { method, pattern: new RegExp(`^${API_BASE}${path}/?$`), handler, access };
}
function sim(method: string, path: string, handler: Handler): Route {
  return { method, pattern: new RegExp(`^/sim/v1${path}/?$`), handler, access: "admin" };
}
const { read: READ, volumeCreateModify: VOL_MODIFY, volumeDelete: VOL_DELETE, copySessionCreate: CS_CREATE, copySessionManage: CS_MANAGE } = PRIVILEGE;

export const ROUTES: Route[] = [
  api("POST", "/session", logins.login, "none"),
  api("GET", `/session/${ID}`, logins.getLogin, "token"),
  api("DELETE", `/session/${ID}`, logins.logoutHandler, "token"),
  api("GET", "/storagesystem", getStorageSystem, READ),
  api("GET", "/volume", vol.listVolumes, READ),
  api("POST", "/volume", vol.createVolumeHandler, VOL_MODIFY),
  api("DELETE", "/volume", vol.deleteVolumesHandler, VOL_DELETE),
  api("GET", `/volume/${ID}`, vol.getVolumeHandler, READ),
  api("PATCH", `/volume/${ID}`, vol.patchVolume, VOL_MODIFY),
  api("DELETE", `/volume/${ID}`, vol.deleteVolumeHandler, VOL_DELETE),
  api("POST", `/volume/${ID}/expand`, vol.expandVolumeHandler, VOL_MODIFY),
  api("GET", `/volume/${ID}/copysession`, vol.getVolumeCopySessions, READ),
  api("GET", "/job", jobs.listJobsHandler, "token"),
  api("DELETE", "/job", jobs.deleteJobsHandler, "token"),
  api("GET", `/job/${ID}`, jobs.getJobHandler, "token"),
  api("GET", "/copysession", cs.listCopySessions, READ),
  api("POST", "/copysession/rec", cs.createRecHandler, CS_CREATE),
  api("POST", "/copysession/suspend", cs.suspendManyCopySessions, CS_MANAGE),
  api("GET", `/copysession/${ID}`, cs.getCopySession, READ),
  api("PATCH", `/copysession/${ID}`, cs.patchCopySession, CS_MANAGE),
  api("DELETE", `/copysession/${ID}`, cs.deleteCopySession, CS_MANAGE),
  api("POST", `/copysession/${ID}/suspend`, cs.suspendCopySession, CS_MANAGE),
  api("POST", `/copysession/${ID}/resume`, cs.resumeCopySession, CS_MANAGE),
  api("POST", `/copysession/${ID}/reverse`, cs.reverseCopySession, CS_MANAGE),
  sim("POST", "/faults/unavailable", admin.faultUnavailable),
  sim("POST", "/faults/drop-response", admin.faultDrop),
  sim("DELETE", "/faults", admin.clearFaults),
  sim("POST", "/copy-path", sites.copyPath),
  sim("POST", "/overload", admin.overload),
  sim("POST", "/tokens/expire", admin.expireTokens),
  sim("PATCH", "/settings", admin.settings),
  sim("PUT", "/dialect", admin.putDialect),
  sim("DELETE", "/dialect", admin.deleteDialect),
  sim("GET", "/world", admin.world),
  sim("POST", "/reset", admin.reset),
  sim("POST", "/writes", hostIo.writes),
  sim("POST", "/reads", hostIo.reads),
  sim("POST", "/users", admin.users),
  sim("GET", `/volumes/${NAMED("array")}/${ID}/digest`, hostIo.digest),
  sim("POST", `/arrays/${NAMED("name")}/outage`, sites.outage),
  sim("POST", `/arrays/${NAMED("name")}/restore`, sites.restore),
  sim("GET", "/workload-bound", sites.workloadBoundHandler),
  sim("POST", "/workloads", workloads.start),
  sim("GET", "/workloads", workloads.list),
  sim("GET", `/workloads/${ID}`, workloads.get),
  sim("POST", `/workloads/${ID}/stop`, workloads.stop),
  sim("GET", `/workloads/${ID}/oracle`, workloads.oracle),
];

/**
 * Requests still served while 512 jobs are registered [M:jobmgmt]: reading and deleting jobs, login and
 * logout, or a client could never drain the job list.
 */
export function exemptFromJobLimit(method: string, path: string): boolean {
  return path.startsWith(`${API_BASE}/job`) || path.startsWith(`${API_BASE}/session`);
}

export function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } | "method" | undefined {
  let pathMatched = false;
  for (const r of ROUTES) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (r.method === method) return { route: r, params: { ...(m.groups ?? {}) } };
  }
  return pathMatched ? "method" : undefined;
}
