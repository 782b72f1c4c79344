/**
 * Account passwords as salted scrypt hashes (node:crypto), so neither the world in memory nor the state file
 * holds a plaintext password. Text form: "scrypt$N$r$p$<salt b64>$<key b64>" (the parameters travel with the
 * hash, so a file written with other PASSWORD_HASH values still verifies).
 */
import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual } from "node:crypto";
import { DEFAULTS, FULL_AUTH_LIST, PASSWORD_HASH } from "./sim-choices";
import { UserAccount } from "./types";

const PREFIX = "scrypt";

export function hashPassword(password: string): string {
  const { saltBytes, keyBytes, cost, blockSize, parallelization } = PASSWORD_HASH;
  const salt = randomBytes(saltBytes);
  const key = scryptSync(password, salt, keyBytes, { N: cost, r: blockSize, p: parallelization });
  return [PREFIX, cost, blockSize, parallelization, salt.toString("base64"), key.toString("base64")].join("$");
}

interface Parsed {
  salt: Buffer;
  key: Buffer;
  N: number;
  r: number;
  p: number;
}

function parse(stored: string): Parsed | undefined {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== PREFIX) return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0)) return undefined;
  return { N, r, p, salt: Buffer.from(parts[4]!, "base64"), key: Buffer.from(parts[5]!, "base64") };
}

/**
 * Passwords that verified once, as a fast hash per stored hash, in memory only: a client logging in again and
 * again costs a sha256, not an scrypt. Wrong passwords always pay the scrypt (off the event loop).
 */
const verified = new Map<string, string>();
const VERIFIED_CACHE_SIZE = 1024;
const fastHash = (stored: string, password: string) => createHash("sha256").update(stored).update("\0").update(password).digest("hex");

/** True when `password` matches the stored hash. Runs scrypt on the thread pool, never on the event loop. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  if (verified.get(stored) === fastHash(stored, password)) return true;
  const h = parse(stored);
  if (!h) return false;
  const key = await new Promise<Buffer>((resolve, reject) =>
    scrypt(password, h.salt, h.key.length, { N: h.N, r: h.r, p: h.p, maxmem: 256 * h.N * h.r }, (e, k) => (e ? reject(e) : resolve(k))));
  const ok = key.length === h.key.length && timingSafeEqual(key, h.key);
  if (ok) {
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.clear();
    verified.set(stored, fastHash(stored, password));
  }
  return ok;
}

/** A new account; the factory account (root or --user) has every privilege and the administrator role. */
export function newAccount(name: string, password: string, o: { authList?: readonly string[]; simAdmin?: boolean } = {}): UserAccount {
  return { name, passwordHash: hashPassword(password), authList: [...(o.authList ?? FULL_AUTH_LIST)], simAdmin: o.simAdmin ?? false };
}

let defaultHash: string | undefined;
/** The default factory account (root/root) of a World built without users; hashed once per process. */
export function defaultFactoryAccount(): UserAccount {
  defaultHash ??= hashPassword(DEFAULTS.password);
  return { name: DEFAULTS.user, passwordHash: defaultHash, authList: [...FULL_AUTH_LIST], simAdmin: true };
}
