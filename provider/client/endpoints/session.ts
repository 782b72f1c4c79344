/** /session [M:session-*]: the client's own session (user, auth_list), read once per login. */
import * as sessionApi from "../../api/session";
import type { SessionAuth } from "../auth";
import type { SessionInfoCache } from "../caches/session-info-cache";
import { EternusError } from "../errors";
import type { CallOptions, SessionInfo } from "../types";
import type { Calls } from "./calls";

export class SessionEndpoint {
  constructor(private readonly calls: Calls, private readonly auth: SessionAuth, private readonly cache: SessionInfoCache) {}

  /** True once a session exists (login happened and no logout since). */
  get loggedIn(): boolean {
    return this.auth.sessionId !== undefined;
  }

  async info(o?: CallOptions): Promise<SessionInfo> {
    await this.auth.token(o?.signal);
    const id = this.auth.sessionId;
    if (id === undefined) throw new EternusError(`array ${this.calls.arrayName}: no session`, "ERR_UNAUTHORIZED");
    const kept = this.cache.get(id);
    if (kept) return kept;
    const value = await this.calls.get(sessionApi.getSession(id), sessionApi.sessionInfoSchema(), o);
    this.cache.keep(id, value);
    return value;
  }

  /** DELETE /session/{id}, retried briefly (auth.ts); never throws. */
  logout(signal?: AbortSignal): Promise<boolean> {
    return this.auth.logout(signal);
  }
}
