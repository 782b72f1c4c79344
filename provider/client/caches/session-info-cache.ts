/** A login's own session (user, roles) does not change while it lasts: read once per login (session id). */
import type { SessionInfo } from "../types";

export class SessionInfoCache {
  private kept: { id: number | string; value: SessionInfo } | undefined;

  get(sessionId: number | string): SessionInfo | undefined {
    return this.kept?.id === sessionId ? this.kept.value : undefined;
  }

  keep(sessionId: number | string, value: SessionInfo): void {
    this.kept = { id: sessionId, value };
  }
}
