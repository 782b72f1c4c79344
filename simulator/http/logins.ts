/** POST /session, GET and DELETE /session/{id} [M:session-post, M:session-get, M:session-delete]. */
import { z } from "zod";
import { LOGIN_STATUS } from "../../provider/api/dialect";
import { loginWithPassword, loginWithRefreshToken, logout, ownLogin } from "../model/auth";
import { BadRequest } from "../model/errors";
import { DAYS_TO_PASSWORD_EXPIRATION } from "../model/sim-choices";
import { Ctx, Reply, intParam, ok, parseBody } from "./context";
import { checkQuery, narrow, parseFields } from "./query";

const LoginBody = z.object({
  user_name: z.string().min(1).optional(),
  password: z.string().optional(),
  grant_type: z.enum(["password", "refresh_token"]).optional(),
  is_refresh_token_required: z.boolean().optional(),
  refresh_token: z.string().min(1).optional(),
}).strict();

/** Login answers directly (docs/unverified-points.md#row-19-login-status), no job. */
export async function login(ctx: Ctx): Promise<Reply> {
  const b = parseBody(LoginBody, ctx);
  if (b.grant_type === "refresh_token") {
    if (!b.refresh_token) throw new BadRequest("refresh_token is required for this grant", "refresh_token");
    return { status: LOGIN_STATUS, body: loginWithRefreshToken(ctx.world, ctx.array, b.refresh_token) };
  }
  if (b.user_name === undefined) throw new BadRequest("Required parameter is missing", "user_name");
  if (b.password === undefined) throw new BadRequest("Required parameter is missing", "password");
  const r = await loginWithPassword(ctx.world, ctx.array, b.user_name, b.password, b.is_refresh_token_required ?? false);
  return { status: LOGIN_STATUS, body: r };
}

const LOGIN_FIELDS = ["session_id", "user_name", "lifetime", "auth_list", "days_to_password_expiration"];

export function getLogin(ctx: Ctx): Reply {
  checkQuery(ctx.query, ["fields"]);
  const fields = parseFields(ctx.query, LOGIN_FIELDS);
  const s = ownLogin(ctx.auth, intParam(ctx, "id"));
  const account = ctx.world.users.get(s.user);
  return ok(narrow({
    session_id: s.id,
    user_name: s.user,
    lifetime: Math.max(0, Math.floor((s.tokenExpiresAt - ctx.world.now()) / 1000)),
    auth_list: account?.authList ?? [],
    days_to_password_expiration: DAYS_TO_PASSWORD_EXPIRATION,
  }, fields, "session_id"));
}

/** Logout is synchronous, 200 [M:session-delete]; token and refresh token stop working. */
export function logoutHandler(ctx: Ctx): Reply {
  const s = ownLogin(ctx.auth, intParam(ctx, "id"));
  logout(ctx.array, s);
  return ok({});
}
