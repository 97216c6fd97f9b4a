/** Reading the PEM files a `tls` section names, with errors that name the key and not the secret. */
import * as fs from 'node:fs';

export type TlsFileKey = 'ca_file' | 'cert_file' | 'key_file' | 'client_ca_file';

/**
 * A TLS file's bytes, read now so that a missing file fails at start rather than at first use.
 * The error names the key (`tls::ca_file`), the reason and, except for the private key whose
 * location is itself kept secret, the path.
 */
export function readTlsFile(key: TlsFileKey, file: string | undefined): Buffer | undefined {
  if (!file) return undefined;
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const secret = key === 'key_file';
    const reason = e.code ?? (secret ? 'unreadable' : e.message);
    throw new Error(`tls::${key}: cannot read ${secret ? 'the file' : `"${file}"`}: ${reason} (give a readable PEM file, or remove the key)`);
  }
}
