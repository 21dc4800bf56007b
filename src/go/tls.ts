// Go's crypto/tls and crypto/x509 error texts (go1.19, the reference etcdctl 3.4.23's toolchain) for what
// Node's TLS reports: tls.X509KeyPair's refusals of a --cert/--key pair, x509's verification errors
// (unknown authority, expiry, x509.HostnameError) and the alerts a server sends (remote error: tls: …).
//
// One text table, two formatters, because etcdctl's two command sets wrap a failed handshake differently:
// v2 goes through Go's net/http (an HTTP answer on a TLS connection is net/http's "server gave HTTP response
// to HTTPS client"), while v3's grpc only says "context deadline exceeded" and we explain the handshake in
// our own words, with a hint about the flag to change.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

// ------------------------------------------------------------------ tls.X509KeyPair

/** The types of the PEM blocks in a file, in order ("CERTIFICATE", "RSA PRIVATE KEY", …). */
function pemBlockTypes(buf: Buffer): string[] {
  const types: string[] = [];
  for (const m of buf.toString('latin1').matchAll(/-----BEGIN ([^\r\n-]*)-----[\s\S]*?-----END \1-----/g)) types.push(m[1]);
  return types;
}

const isKeyBlock = (type: string) => type === 'PRIVATE KEY' || type.endsWith(' PRIVATE KEY');

/** tls.X509KeyPair's error for a certificate and key that cannot be used together, or undefined. */
export function keyPairProblem(cert: Buffer, key: Buffer): string | undefined {
  const certTypes = pemBlockTypes(cert);
  if (!certTypes.includes('CERTIFICATE')) {
    if (certTypes.length === 0) return 'tls: failed to find any PEM data in certificate input';
    if (certTypes.length === 1 && certTypes[0].endsWith('PRIVATE KEY')) {
      return 'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched';
    }
    return `tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${certTypes.join(' ')}]`;
  }
  const keyTypes = pemBlockTypes(key);
  if (!keyTypes.some(isKeyBlock)) {
    if (keyTypes.length === 0) return 'tls: failed to find any PEM data in key input';
    if (keyTypes.length === 1 && keyTypes[0] === 'CERTIFICATE') return 'tls: found a certificate rather than a key in the PEM for the private key';
    return `tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${keyTypes.join(' ')}]`;
  }
  let x509;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    return 'x509: malformed certificate';
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    return 'tls: failed to parse private key';
  }
  return x509.checkPrivateKey(privateKey) ? undefined : 'tls: private key does not match public key';
}

// ------------------------------------------------------------------ the shared text table

/** What Node's TLS socket errors carry. */
export interface TlsFailure extends NodeJS.ErrnoException {
  cert?: { subject?: { CN?: string }; subjectaltname?: string };
}

const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED',
]);

export const UNKNOWN_AUTHORITY_TEXT = 'x509: certificate signed by unknown authority';

/** The codes of a connection that got something other than a TLS handshake back. */
const NOT_TLS = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST']);

/** x509.HostnameError.Error(): an IP host is checked against the IP SANs only, a name against the DNS SANs. */
function hostnameErrorText(host: string, cert: TlsFailure['cert']): string {
  const sans = (cert?.subjectaltname ?? '').split(', ').filter((n) => n !== '');
  if (sans.length === 0 && cert?.subject?.CN === host) return 'x509: certificate relies on legacy Common Name field, use SANs instead';
  const valid = (prefix: string) => sans.filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length));
  const names = isIP(host) ? valid('IP Address:') : valid('DNS:');
  if (names.length === 0 && isIP(host)) return `x509: cannot validate certificate for ${host} because it doesn't contain any IP SANs`;
  if (names.length === 0) return `x509: certificate is not valid for any names, but wanted to match ${host}`;
  return `x509: certificate is valid for ${names.join(', ')}, not ${host}`;
}

/** x509's verification error for the server's certificate, checked against `host`; undefined if it is none. */
function verifyErrorText(err: TlsFailure, host: string): string | undefined {
  const code = err.code ?? '';
  if (UNKNOWN_AUTHORITY.has(code)) return UNKNOWN_AUTHORITY_TEXT;
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return 'x509: certificate has expired or is not yet valid';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return hostnameErrorText(host, err.cert);
  return undefined;
}

/** crypto/tls's alert texts where they are not OpenSSL's alert name in lower case. */
const ALERT_TEXT: Record<string, string> = {
  BAD_RECORD_MAC: 'bad record MAC',
  CERTIFICATE_REVOKED: 'revoked certificate',
  CERTIFICATE_EXPIRED: 'expired certificate',
  CERTIFICATE_UNKNOWN: 'unknown certificate',
  UNKNOWN_CA: 'unknown certificate authority',
  DECODE_ERROR: 'error decoding message',
  DECRYPT_ERROR: 'error decrypting message',
  PROTOCOL_VERSION: 'protocol version not supported',
  INSUFFICIENT_SECURITY: 'insufficient security level',
  USER_CANCELLED: 'user canceled',
};

/** The alert a server sent, by OpenSSL's name ("BAD_CERTIFICATE"), and Go's text for it; undefined if none. */
function alertOf(code: string): { name: string; text: string } | undefined {
  const m = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_(.+)$/.exec(code);
  if (!m) return undefined;
  return { name: m[1], text: ALERT_TEXT[m[1]] ?? m[1].toLowerCase().replace(/_/g, ' ') };
}

// ------------------------------------------------------------------ the two formatters

/**
 * v2 (net/http's transport): the error Go's http.Client returns for a failed TLS connection to `host`, or
 * undefined when the failure is not about TLS.
 */
export function httpTransportTlsText(err: TlsFailure, host: string): string | undefined {
  const verify = verifyErrorText(err, host);
  if (verify !== undefined) return verify;
  const code = err.code ?? '';
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER') return 'http: server gave HTTP response to HTTPS client';
  // Named as the server sent it: a missing client certificate is bad_certificate from etcd 3.4.23's Go and
  // TLS 1.3's certificate_required from the newer Go that builds etcd 3.5.30 and later; etcdctl says which.
  const alert = alertOf(code);
  if (alert) return `remote error: tls: ${alert.text}`;
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) return `tls: ${err.message}`;
  return undefined;
}

/** Which TLS flags were given, for the hint that names the one to change. */
export interface TlsFlagsGiven {
  ca: boolean;
  cert: boolean;
}

/**
 * v3 (our explanation after grpc's "context deadline exceeded"): why the handshake with `host` failed, in Go's
 * words followed by a hint, or undefined when the failure is not about TLS.
 */
export function handshakeFailureText(err: TlsFailure, host: string, given: TlsFlagsGiven): string | undefined {
  const verify = verifyErrorText(err, host);
  if (verify === UNKNOWN_AUTHORITY_TEXT) {
    const hint = given.ca ? "the --cacert CA did not sign the server's certificate" : 'give the CA that signed it with --cacert';
    return `${verify}; ${hint}`;
  }
  if (verify !== undefined) return verify;
  const code = err.code ?? '';
  if (NOT_TLS.has(code)) return 'tls: first record does not look like a TLS handshake; the endpoint does not speak TLS';
  const alert = alertOf(code);
  if (!alert) return undefined;
  const aboutOurCertificate = alert.name.includes('CERTIFICATE') || alert.name === 'UNKNOWN_CA';
  if (!aboutOurCertificate) return `remote error: tls: ${alert.text}`;
  const hint = given.cert ? 'the server does not accept the --cert certificate' : 'the server requires a client certificate: give --cert and --key';
  return `remote error: tls: ${alert.text}; ${hint}`;
}
