/**
 * `tls` sections with the Collector's keys (configtls): the client side of the OTLP exporters and
 * the server side of the OTLP/gRPC receiver. Key paths are secrets: where a private key lives is
 * never shown.
 */
import type { ConfigIssue } from './issue';
import { bool, object, string, type Infer } from './schema';

/** What every client `tls` section has. */
export const tlsClientFields = {
  /** `ca_file`: PEM bundle that signs the server's certificate (default: system roots). */
  ca_file: string(),
  /** `cert_file` / `key_file`: client certificate for mutual TLS; where the private key lives is not shown anywhere. */
  cert_file: string(),
  key_file: string().secret(),
  /** `insecure_skip_verify` (false): accept any server certificate. */
  insecure_skip_verify: bool().def(false),
};

export const tlsServerConfig = object({
  /** `cert_file` / `key_file` (both required): the server's certificate chain and private key. */
  cert_file: string(),
  key_file: string().secret(),
  /** `client_ca_file`: when set, clients must present a certificate this CA signed (mutual TLS). */
  client_ca_file: string(),
});
export type TlsServerConfig = Infer<typeof tlsServerConfig>;

/** `cert_file` and `key_file` go together; `required` says a server needs both. */
export function validateCertPair(t: { cert_file?: string; key_file?: string }, path: string, required = false): ConfigIssue[] {
  if (!!t.cert_file !== !!t.key_file) return [{ path, message: 'cert_file and key_file must be set together' }];
  if (required && !t.cert_file) return [{ path, message: 'cert_file and key_file are required to serve TLS (or remove the tls section)' }];
  return [];
}
