/**
 * POST /session, GET and DELETE /session/{id} [M:session-post, M:session-get, M:session-delete, M:login].
 * The login and refresh bodies carry credentials: they are marked `sensitive` and never logged.
 */
import { z } from "zod";
import { ApiRequest, apiPath, seg } from "./request";
import { zInt, zList, zRecord } from "./schema-kit";

export const GRANT_PASSWORD = "password";
export const GRANT_REFRESH_TOKEN = "refresh_token";

/** Password login, asking for a refresh token (docs/unverified-points.md#row-20-rest-sessions). */
export function createSession(p: { userName: string; password: string }): ApiRequest {
  return {
    method: "POST",
    path: apiPath("/session"),
    body: { user_name: p.userName, password: p.password, grant_type: GRANT_PASSWORD, is_refresh_token_required: true },
    // Re-sending a login cannot hurt: at worst a second session that expires with its token.
    idempotent: true,
    sensitive: true,
    label: "login",
  };
}

/** Login with the refresh token (grant_type refresh_token). */
export function refreshSession(p: { userName: string; refreshToken: string }): ApiRequest {
  return {
    method: "POST",
    path: apiPath("/session"),
    body: { user_name: p.userName, grant_type: GRANT_REFRESH_TOKEN, refresh_token: p.refreshToken, is_refresh_token_required: true },
    idempotent: true,
    sensitive: true,
    label: "refresh",
  };
}

/** GET /session/{id}: own session only. */
export function getSession(sessionId: number | string): ApiRequest {
  return { method: "GET", path: apiPath(`/session/${seg(sessionId)}`), idempotent: true };
}

/** DELETE /session/{id} (logout, synchronous 200). */
export function deleteSession(sessionId: number | string): ApiRequest {
  return { method: "DELETE", path: apiPath(`/session/${seg(sessionId)}`), idempotent: true, label: "logout" };
}

export function loginReplySchema() {
  return zRecord({
    session_id: z.union([z.number(), z.string()]),
    token: z.string().min(1),
    lifetime: zInt().optional(),
    refresh_token: z.string().optional(),
  });
}
export type LoginReply = z.output<ReturnType<typeof loginReplySchema>>;

export function sessionInfoSchema() {
  return zRecord({
    session_id: z.union([z.number(), z.string()]).optional(),
    user_name: z.string().optional(),
    lifetime: zInt().optional(),
    auth_list: zList(z.string()),
    days_to_password_expiration: zInt().optional(),
  });
}
export type SessionInfo = z.output<ReturnType<typeof sessionInfoSchema>>;
