/**
 * CA and server certificate generated at start-up: users run the simulator on fresh CI machines, so no
 * openssl binary. Keys come from node:crypto (native, fast); the X.509 encoding and signing from
 * node-forge (pure JS, no native build, no global polyfill). RSA 2048 / SHA-256, because node-forge
 * signs RSA only. The server certificate names 127.0.0.1, ::1, localhost and the --host. The CA is
 * written as PEM to the TLS folder (ca.pem).
 *
 * node-forge is an optional dependency loaded here, on first use: the provider never loads it (a test holds
 * that), and a simulator installed without it still serves plain HTTP (--http).
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { isIP } from "node:net";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type * as Forge from "node-forge";

let forgeLoaded: typeof Forge | undefined;

/** node-forge on first use; a clear error (code ERR_SIM_TLS_UNAVAILABLE) when it is not installed. */
function forgeModule(): typeof Forge {
  if (!forgeLoaded) {
    try {
      forgeLoaded = require("node-forge") as typeof Forge; // eslint-disable-line @typescript-eslint/no-require-imports
    } catch (e) {
      throw Object.assign(
        new Error(`HTTPS needs the optional dependency node-forge, which is not installed (${String(e)}): run "npm install node-forge", or start with --http`),
        { code: "ERR_SIM_TLS_UNAVAILABLE" },
      );
    }
  }
  return forgeLoaded;
}

export interface TlsFiles {
  caCertPem: string;
  caCertFile: string;
  serverKeyPem: string;
  serverCertPem: string;
  /** The temp folder this call created (removed on close), undefined when the caller chose the folder. */
  createdDir?: string;
}

const ORGANIZATION = "pulumi-eternus-rec simulator";
const CA_NAME = "ETERNUS simulator CA";
const SERVER_NAME = "ETERNUS simulator";
/** Start a day early (clock skew between machines); 397 days is the longest life browsers accept. */
const VALID_BEFORE_MS = 24 * 3600 * 1000;
const VALID_AFTER_MS = 397 * 24 * 3600 * 1000;

interface KeyPair {
  privateKeyPem: string;
  forgePrivate: Forge.pki.rsa.PrivateKey;
  forgePublic: Forge.pki.rsa.PublicKey;
}

function newKeyPair(): KeyPair {
  const forge = forgeModule();
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const forgePrivate = forge.pki.privateKeyFromPem(privateKeyPem) as Forge.pki.rsa.PrivateKey;
  return { privateKeyPem, forgePrivate, forgePublic: forge.pki.setRsaPublicKey(forgePrivate.n, forgePrivate.e) };
}

function distinguishedName(cn: string): Forge.pki.CertificateField[] {
  return [{ name: "organizationName", value: ORGANIZATION }, { name: "commonName", value: cn }];
}

/** Positive 128-bit serial in hex (the top bit cleared so DER needs no sign byte). */
function serialNumber(): string {
  const b = randomBytes(16);
  b[0] = b[0]! & 0x7f;
  return b.toString("hex");
}

interface CertInput {
  subject: string;
  subjectKey: Forge.pki.rsa.PublicKey;
  issuer: Forge.pki.Certificate | undefined; // undefined: self-signed
  signerKey: Forge.pki.rsa.PrivateKey;
  altNames?: { dns: string[]; ips: string[] };
}

function certificate(i: CertInput): Forge.pki.Certificate {
  const forge = forgeModule();
  const cert = forge.pki.createCertificate();
  const now = Date.now();
  cert.publicKey = i.subjectKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(now - VALID_BEFORE_MS);
  cert.validity.notAfter = new Date(now + VALID_AFTER_MS);
  cert.setSubject(distinguishedName(i.subject));
  cert.setIssuer(i.issuer ? i.issuer.subject.attributes : distinguishedName(i.subject));
  const isCa = i.issuer === undefined;
  const extensions: object[] = [
    { name: "basicConstraints", cA: isCa, critical: true },
    isCa
      ? { name: "keyUsage", critical: true, digitalSignature: true, keyCertSign: true, cRLSign: true }
      : { name: "keyUsage", critical: true, digitalSignature: true, keyEncipherment: true },
    { name: "subjectKeyIdentifier" },
    // forge reads the issuer's subjectKeyIdentifier when keyIdentifier is true; a CA names itself.
    { name: "authorityKeyIdentifier", keyIdentifier: isCa ? true : i.issuer!.generateSubjectKeyIdentifier().getBytes() },
  ];
  if (!isCa) extensions.push({ name: "extKeyUsage", serverAuth: true });
  if (i.altNames) {
    extensions.push({
      name: "subjectAltName",
      altNames: [...i.altNames.dns.map((value) => ({ type: 2, value })), ...i.altNames.ips.map((ip) => ({ type: 7, ip }))],
    });
  }
  cert.setExtensions(extensions);
  cert.sign(i.signerKey, forge.md.sha256.create());
  return cert;
}

/** SAN entries: always loopback, plus --host unless it is a wildcard address. */
function subjectAltNames(host: string): { dns: string[]; ips: string[] } {
  const dns = ["localhost"];
  const ips = ["127.0.0.1", "::1"];
  if (host && host !== "0.0.0.0" && host !== "::") {
    if (isIP(host)) { if (!ips.includes(host)) ips.push(host); } else if (!dns.includes(host)) dns.push(host);
  }
  return { dns, ips };
}

/** Generate a CA and a server certificate for `host`; write ca.pem into `dir` (a fresh temp dir if unset). */
export function generateTls(host: string, dir?: string): TlsFiles {
  const forge = forgeModule(); // before any folder is made: a missing node-forge leaves nothing behind
  const tlsDir = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "eternus-sim-tls-"));
  fs.mkdirSync(tlsDir, { recursive: true });
  const caKeys = newKeyPair();
  const srvKeys = newKeyPair();
  const ca = certificate({ subject: CA_NAME, subjectKey: caKeys.forgePublic, issuer: undefined, signerKey: caKeys.forgePrivate });
  const server = certificate({
    subject: SERVER_NAME, subjectKey: srvKeys.forgePublic, issuer: ca, signerKey: caKeys.forgePrivate, altNames: subjectAltNames(host),
  });
  const caCertPem = forge.pki.certificateToPem(ca);
  const caCertFile = path.join(tlsDir, "ca.pem");
  fs.writeFileSync(caCertFile, caCertPem);
  return {
    caCertPem, caCertFile, serverKeyPem: srvKeys.privateKeyPem, serverCertPem: forge.pki.certificateToPem(server),
    createdDir: dir ? undefined : tlsDir,
  };
}
