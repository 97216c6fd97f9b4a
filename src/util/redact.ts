/**
 * Secret hygiene: the one rule for what counts as a credential in text the process prints, and
 * how it is masked. Ground floor: imports nothing.
 *
 * Two kinds of secret are masked. A password inside any URL (`http://user:PASSWORD@host`) is
 * found by its shape, wherever the URL came from (a config value, an error from Node, a line of
 * data). Values the config marks as secret (header values, TLS key paths, URL passwords; see
 * `Decoder.secret()` in config/schema.ts) are registered when decoded and masked wherever they
 * appear. `redact` is applied where text leaves the process for an operator: every log line
 * (the logger's stream hook, telemetry/logger.ts) and the CLI's stderr (cli.ts, main.ts). Code
 * that builds an error a client may see (an exporter's failure travels back to receivers as an
 * HTTP answer) masks its URL with `redactUrl` where it builds the message.
 */

export const REDACTED = '[REDACTED]';

/**
 * Shorter values are not registered: masking every "on" or "1" in the logs would hide more than
 * it protects, and a value that short is not a credential worth the name.
 */
const MIN_SECRET_LENGTH = 4;

/** Registered secrets, longest first, so a secret that contains another is masked whole. */
let secrets: string[] = [];

/** scheme://user:password@ — the password runs to the last `@` of the authority. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:"'\\]*):([^\s/?#"'\\]*)@/gi;

/** Masks the password of every URL in `text`. */
export function redactUrl(text: string): string {
  return text.includes('://') ? text.replace(URL_PASSWORD, `$1:${REDACTED}@`) : text;
}

/** Remembers a secret value so that `redact` masks it, also in its JSON-escaped spelling. */
export function registerSecret(value: string): void {
  if (value.length < MIN_SECRET_LENGTH) return;
  const escaped = JSON.stringify(value).slice(1, -1);
  const add = [value, escaped].filter((v) => !secrets.includes(v));
  if (add.length === 0) return;
  secrets = [...secrets, ...add].sort((a, b) => b.length - a.length);
}

/** `text` with URL passwords and every registered secret masked. */
export function redact(text: string): string {
  let out = redactUrl(text);
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}
