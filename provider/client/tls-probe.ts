/**
 * Does host:port speak TLS? Used once, only after a plain http:// request was cut off before any answer:
 * an HTTPS port closes a plain request without a word ("other side closed"), which would otherwise be
 * retried for many seconds. The probe accepts any certificate: it only asks "is this TLS?", it sends
 * nothing and is closed at once.
 */
import * as tls from "node:tls";

export type TlsProbe = (host: string, port: number, timeoutMs: number) => Promise<boolean>;

export const probeTls: TlsProbe = (host, port, timeoutMs) => new Promise<boolean>((resolve) => {
  let done = false;
  const finish = (speaksTls: boolean) => {
    if (done) return;
    done = true;
    socket.destroy();
    resolve(speaksTls);
  };
  const socket = tls.connect({ host, port, rejectUnauthorized: false, servername: isIpLiteral(host) ? undefined : host });
  socket.setTimeout(timeoutMs, () => finish(false));
  socket.once("secureConnect", () => finish(true));
  socket.once("error", () => finish(false));
  socket.once("close", () => finish(false));
});

function isIpLiteral(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(":") || host.startsWith("[");
}
