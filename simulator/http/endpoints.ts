/**
 * The REST ports of the simulated arrays, one server each, kept in line with the model's site outages:
 * "refuse" closes the listening socket (connections are refused) and drops open connections; "blackhole"
 * keeps accepting but never answers (server.ts holds the requests here); back up, the port listens again
 * on the same number and held connections are reset, as after a site's network returns.
 */
import * as http from "node:http";
import { AddressInfo, Socket } from "node:net";
import { World } from "../model/world";
import { ServerEnv } from "./context";
import { ServerTimeouts, TlsMaterial, createArrayServer } from "./server";

interface Endpoint {
  server: http.Server;
  port: number;
  listening: boolean;
  held: Set<Socket>;
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(s: http.Server): Promise<void> {
  return new Promise<void>((resolve) => {
    s.close(() => resolve());
    s.closeAllConnections();
  });
}

export class ArrayEndpoints {
  private readonly endpoints = new Map<string, Endpoint>();
  private syncing: Promise<void> = Promise.resolve();

  constructor(private readonly host: string, private readonly tls?: TlsMaterial, private readonly timeouts?: Partial<ServerTimeouts>) {}

  /** One server per array on consecutive ports from `firstPort` (0: free ports); all closed again on failure. */
  async listenAll(env: ServerEnv, names: string[], firstPort?: number): Promise<Map<string, number>> {
    const ports = new Map<string, number>();
    try {
      for (const [i, name] of names.entries()) {
        const server = createArrayServer(env, name, this.tls, this.timeouts);
        const ep: Endpoint = { server, port: 0, listening: false, held: new Set() };
        this.endpoints.set(name, ep);
        ep.port = await listen(server, firstPort ? firstPort + i : 0, this.host);
        ep.listening = true;
        ports.set(name, ep.port);
      }
    } catch (e) {
      await this.closeAll();
      throw e;
    }
    return ports;
  }

  /** A request to a black-holed array: never answered; reset when the array returns or the simulator closes. */
  hold(name: string, req: http.IncomingMessage): void {
    const ep = this.endpoints.get(name);
    if (!ep) return;
    req.resume(); // read and discard the body so the socket stays quiet
    ep.held.add(req.socket);
    req.socket.once("close", () => ep.held.delete(req.socket));
  }

  /** Open or close each port as the world's outages say; calls run one after the other (listen is async). */
  sync(world: World): Promise<void> {
    const next = this.syncing.then(() => this.syncNow(world));
    this.syncing = next.catch(() => undefined);
    return next;
  }

  private async syncNow(world: World): Promise<void> {
    for (const [name, ep] of this.endpoints) {
      const outage = world.arrays.get(name)?.outage;
      if (outage !== "blackhole") this.resetHeld(ep);
      if (outage === "refuse" && ep.listening) {
        ep.listening = false;
        await closeServer(ep.server);
      } else if (outage !== "refuse" && !ep.listening) {
        await listen(ep.server, ep.port, this.host);
        ep.listening = true;
      }
    }
  }

  async closeAll(): Promise<void> {
    const all = [...this.endpoints.values()];
    for (const ep of all) this.resetHeld(ep);
    await Promise.all(all.filter((ep) => ep.listening).map((ep) => closeServer(ep.server)));
    for (const ep of all) ep.listening = false;
  }

  private resetHeld(ep: Endpoint): void {
    for (const socket of ep.held) socket.destroy();
    ep.held.clear();
  }
}
