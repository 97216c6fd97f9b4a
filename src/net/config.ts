/**
 * The listener keys every HTTP receiver shares, with the Collector's names (confignet's
 * `endpoint` + `transport`): a `host:port` over TCP, or a socket path with `transport: unix`,
 * plus `socket_mode` for the socket file.
 */
import { joinPath, type ConfigIssue } from '../config/issue';
import { custom, hostPort, oneOf, string, type Decoder } from '../config/schema';
import { AGENT_SOCKET_MODE, MAX_SOCKET_PATH_BYTES } from './unix';
import { TRANSPORTS, type Transport } from './server';

/** A file mode written in octal: `"0722"`, `"722"`, or unquoted 0722 (which YAML reads as the number 722). */
export function fileMode() {
  const expected = 'an octal file mode such as "0722"';
  return custom<number>(expected, (raw, path, issues) => {
    const text = typeof raw === 'number' && Number.isInteger(raw) ? String(raw) : raw;
    if (typeof text === 'string' && /^0?[0-7]{3}$/.test(text.trim())) return parseInt(text.trim(), 8);
    issues.push({ path, message: `must be ${expected}, got ${JSON.stringify(raw)}` });
    return undefined;
  });
}

/** `endpoint` (default `tcpDefault`), `transport` (`tcp`) and `socket_mode` (0722), to spread into a component's config object. */
export function listenerFields(tcpDefault: string) {
  return {
    endpoint: string().def(tcpDefault),
    transport: oneOf(TRANSPORTS).def('tcp'),
    socket_mode: fileMode().def(AGENT_SOCKET_MODE),
  };
}

/**
 * `inner` (an object decoder holding `listenerFields`) with `endpoint` checked against
 * `transport` as part of decoding, so a bad endpoint is reported together with every other
 * problem of the component.
 */
export function withListenerCheck<T, O extends boolean>(inner: Decoder<T, O>, examples: { tcp: string; unix: string }): Decoder<T, O> {
  const d = custom<T>(inner.expected, (raw, path, issues) => {
    const before = issues.length;
    const v = inner.decode(raw, path, issues);
    const r = (raw ?? {}) as Record<string, unknown>;
    if (typeof r !== 'object' || Array.isArray(r)) return v;
    const keys = [joinPath(path, 'endpoint'), joinPath(path, 'transport')];
    // A wrong type or an unknown transport is reported already; the pair is checked only when both read.
    if (issues.slice(before).some((i) => keys.includes(i.path))) return v;
    const cfg = { endpoint: r.endpoint === undefined || r.endpoint === null ? examples.tcp : String(r.endpoint), transport: (r.transport ?? 'tcp') as Transport };
    const found = validateListener(cfg, examples);
    // `endpoint` is the first key: its problem goes first among the component's.
    issues.splice(before, 0, ...found.map((i) => ({ path: joinPath(path, i.path), message: i.message })));
    return found.length ? undefined : v;
  });
  return (inner.hasDefault ? d.def(inner.defaultValue as T) : d) as Decoder<T, O>;
}

export interface ListenerConfig {
  endpoint: string;
  transport: Transport;
}

/** `endpoint` checked against `transport`. A TCP endpoint gets the same message as every `host:port` key. */
export function validateListener(cfg: ListenerConfig, examples: { tcp: string; unix: string }): ConfigIssue[] {
  const path = 'endpoint';
  const issues: ConfigIssue[] = [];
  const e = cfg.endpoint;
  if (cfg.transport === 'tcp') {
    hostPort(examples.tcp).decode(e, path, issues);
    if (issues.length && (e.includes('/') || e.startsWith('unix:'))) issues[0].message += '; for a Unix socket set transport: unix';
    return issues;
  }
  const bytes = Buffer.byteLength(e);
  if (e.trim() === '' || e.startsWith('unix:') || /^(\[[0-9a-fA-F:.]+\]|[^/:\s]*):\d{1,5}$/.test(e)) {
    issues.push({ path, message: `must be the socket file's path with transport: unix, got ${JSON.stringify(e)} (for example "${examples.unix}")` });
  } else if (bytes > MAX_SOCKET_PATH_BYTES) {
    issues.push({ path, message: `is ${bytes} bytes long; a Unix socket path can have at most ${MAX_SOCKET_PATH_BYTES} (use a shorter directory)` });
  }
  return issues;
}
