import { isIP } from 'node:net';
import { toText } from '../value';
import { defineBuiltin, expr } from './define';

function ipBits(ip: string): bigint | undefined {
  const v = isIP(ip);
  if (v === 4) return ip.split('.').reduce((a, p) => (a << 8n) | BigInt(Number(p)), 0n);
  if (v !== 6) return undefined;
  const [head, tail] = ip.split('::');
  const parse = (s: string) => (s ? s.split(':') : []);
  let groups = parse(head);
  let rest = tail === undefined ? [] : parse(tail);
  const last = (tail === undefined ? groups : rest).at(-1);
  if (last && last.includes('.')) {
    const v4 = ipBits(last) as bigint;
    const extra = [(v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16)];
    if (tail === undefined) groups = [...groups.slice(0, -1), ...extra];
    else rest = [...rest.slice(0, -1), ...extra];
  }
  const all = tail === undefined ? groups : [...groups, ...Array(8 - groups.length - rest.length).fill('0'), ...rest];
  return all.reduce((a, g) => (a << 16n) | BigInt(parseInt(g, 16)), 0n);
}

export const cidr = defineBuiltin({
  name: 'cidr',
  params: [expr('ip'), expr('prefix')],
  returns: 'bool',
  doc: 'Whether the address `ip` lies within the network `prefix` (e.g. "192.0.2.0/24" or "2001:db8::/32").',
  examples: [
    { title: 'inside', script: 'add_key(r, cidr("192.0.2.1", "192.0.2.0/24"))', input: 'x', fields: { r: true } },
    { title: 'outside', script: 'add_key(r, cidr("10.0.0.1", "192.0.2.0/24"))', input: 'x', fields: { r: false } },
  ],
  compile({ ip: ipEv, prefix: prefixEv }) {
    return (rt) => {
      const ip = toText(ipEv(rt));
      const [net, lenText] = toText(prefixEv(rt)).split('/');
      const a = ipBits(ip);
      const n = ipBits(net ?? '');
      const width = isIP(ip) === 4 ? 32 : 128;
      const len = Number(lenText);
      if (a === undefined || n === undefined || isIP(ip) !== isIP(net) || !Number.isInteger(len) || len < 0 || len > width) return false;
      const shift = BigInt(width - len);
      return a >> shift === n >> shift;
    };
  },
});
