/**
 * CA and server certificate generated at start-up, with node:crypto only (no openssl CLI, no package):
 * users run the simulator on fresh CI machines. ECDSA P-256, SHA-256. The server certificate names
 * 127.0.0.1, ::1, localhost and the --host. The CA is written as PEM to the TLS folder (ca.pem).
 */
import { createHash, createPrivateKey, generateKeyPairSync, KeyObject, randomBytes, sign } from "node:crypto";
import { isIP } from "node:net";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { bitString, bool, explicit, implicit, octets, oid, seq, set, smallInt, uint, utcTime, utf8 } from "./tls-der";

const OID = {
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  commonName: "2.5.4.3",
  organization: "2.5.4.10",
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  extKeyUsage: "2.5.29.37",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  subjectAltName: "2.5.29.17",
  subjectKeyId: "2.5.29.14",
  authorityKeyId: "2.5.29.35",
};

export interface TlsFiles {
  caCertPem: string;
  caCertFile: string;
  serverKeyPem: string;
  serverCertPem: string;
  /** The temp folder this call created (removed on close), undefined when the caller chose the folder. */
  createdDir?: string;
}

function name(cn: string): Buffer {
  return seq(set(seq(oid(OID.organization), utf8("pulumi-eternus-rec simulator"))), set(seq(oid(OID.commonName), utf8(cn))));
}

function ext(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));
}

function keyId(spki: Buffer): Buffer {
  // The BIT STRING content of the SPKI is the key; hashing the whole SPKI is an allowed key id too.
  return createHash("sha1").update(spki).digest();
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split(".").map(Number));
  const full = ip.includes("::") ? expandV6(ip) : ip.split(":");
  return Buffer.from(full.flatMap((h) => { const v = parseInt(h || "0", 16); return [v >> 8, v & 0xff]; }));
}

function expandV6(ip: string): string[] {
  const [head, tail] = ip.split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  return [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
}

interface CertInput {
  subject: string;
  issuer: string;
  subjectKey: KeyObject;
  signerKey: KeyObject;
  issuerSpki: Buffer;
  ca: boolean;
  altNames?: { dns: string[]; ips: string[] };
}

function certificate(i: CertInput): string {
  const spki = i.subjectKey.export({ type: "spki", format: "der" });
  const now = Date.now();
  const sigAlg = seq(oid(OID.ecdsaWithSha256));
  const exts: Buffer[] = [
    ext(OID.basicConstraints, true, i.ca ? seq(bool(true)) : seq()),
    // CA: digitalSignature + keyCertSign + cRLSign; server: digitalSignature.
    ext(OID.keyUsage, true, i.ca ? bitString(Buffer.from([0x86]), 1) : bitString(Buffer.from([0x80]), 7)),
    ext(OID.subjectKeyId, false, octets(keyId(spki))),
    ext(OID.authorityKeyId, false, seq(implicit(0, keyId(i.issuerSpki)))),
  ];
  if (!i.ca) exts.push(ext(OID.extKeyUsage, false, seq(oid(OID.serverAuth))));
  if (i.altNames) {
    const names = [
      ...i.altNames.dns.map((d) => implicit(2, Buffer.from(d, "ascii"))),
      ...i.altNames.ips.map((ip) => implicit(7, ipBytes(ip))),
    ];
    exts.push(ext(OID.subjectAltName, false, seq(...names)));
  }
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  const tbs = seq(
    explicit(0, smallInt(2)),
    uint(serial),
    sigAlg,
    name(i.issuer),
    seq(utcTime(new Date(now - 24 * 3600 * 1000)), utcTime(new Date(now + 397 * 24 * 3600 * 1000))),
    name(i.subject),
    spki,
    explicit(3, seq(...exts)),
  );
  const signature = sign("sha256", tbs, i.signerKey);
  const der = seq(tbs, sigAlg, bitString(signature));
  const b64 = der.toString("base64").replace(/(.{64})/g, "$1\n").replace(/\n$/, "");
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/** Generate a CA and a server certificate for `host`; write ca.pem into `dir` (a fresh temp dir if unset). */
export function generateTls(host: string, dir?: string): TlsFiles {
  const tlsDir = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "eternus-sim-tls-"));
  fs.mkdirSync(tlsDir, { recursive: true });
  const caKeys = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const srvKeys = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const caSpki = caKeys.publicKey.export({ type: "spki", format: "der" });
  const caCertPem = certificate({
    subject: "ETERNUS simulator CA", issuer: "ETERNUS simulator CA", subjectKey: caKeys.publicKey,
    signerKey: caKeys.privateKey, issuerSpki: caSpki, ca: true,
  });
  const dns = ["localhost"];
  const ips = ["127.0.0.1", "::1"];
  if (host && host !== "0.0.0.0" && host !== "::") {
    if (isIP(host)) { if (!ips.includes(host)) ips.push(host); } else if (!dns.includes(host)) dns.push(host);
  }
  const serverCertPem = certificate({
    subject: "ETERNUS simulator", issuer: "ETERNUS simulator CA", subjectKey: srvKeys.publicKey,
    signerKey: caKeys.privateKey, issuerSpki: caSpki, ca: false, altNames: { dns, ips },
  });
  const caCertFile = path.join(tlsDir, "ca.pem");
  fs.writeFileSync(caCertFile, caCertPem);
  const serverKeyPem = createPrivateKey(srvKeys.privateKey.export({ type: "pkcs8", format: "pem" })).export({ type: "pkcs8", format: "pem" }).toString();
  return { caCertPem, caCertFile, serverKeyPem, serverCertPem, createdDir: dir ? undefined : tlsDir };
}
