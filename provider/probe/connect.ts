/**
 * One array as the probe reaches it: the provider's own resolution (provider/config.ts resolveArray: config
 * keys, ETERNUS_<NAME>_* variables, CA and TLS rules) and the provider's own client, with every exchange
 * going to the transcript and to a per-array list the observations read.
 */
import { ProviderConfig, resolveArray } from "../config";
import { createEternusClient, EternusRestClient, ExchangeEvent } from "../client/eternus-client";
import type { Runtime } from "../client/runtime";
import type { ArrayConnection } from "../client/types";
import type { TranscriptWriter } from "../trace/transcript";

export interface Connected {
  conn: ArrayConnection;
  client: EternusRestClient;
  exchanges: ExchangeEvent[];
}

/** Every password the config and the environment name: none may reach a probe output. */
export function knownSecrets(cfg: ProviderConfig, env: NodeJS.ProcessEnv): string[] {
  const fromCfg = Object.values(cfg.arrays).map((a) => a.password);
  const fromEnv = Object.entries(env).filter(([k]) => /^ETERNUS_.+_PASSWORD$/.test(k)).map(([, v]) => v);
  return [...fromCfg, ...fromEnv].filter((s): s is string => !!s);
}

export function connectArray(cfg: ProviderConfig, name: string, env: NodeJS.ProcessEnv, transcript: TranscriptWriter, rt: Runtime): Connected {
  const conn = resolveArray(cfg, name, env);
  const exchanges: ExchangeEvent[] = [];
  const client = createEternusClient(conn, {
    sleep: rt.sleep, now: rt.now, random: rt.random, timeout: rt.timeout, log: rt.log,
    onExchange: (e) => {
      exchanges.push(e);
      transcript.exchange(e);
    },
  });
  return { conn, client, exchanges };
}
