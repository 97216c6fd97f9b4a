import { toText } from '../value';
import { defineBuiltin, key } from './define';
import { lookupOwn } from './util';

interface Section { name: string; version: string; comment: string[] }

/** "Name/Version (comment; parts)" sections, as browsers write them. */
function sections(ua: string): Section[] {
  const out: Section[] = [];
  // An unclosed "(" runs to the end of the text, as in mssola/user_agent's readUntil; requiring
  // the ")" made every unclosed "(" rescan the rest of the line (quadratic on hostile input).
  const re = /([^\s/()]+)(?:\/([^\s()]+))?\s*(?:\(([^)]*)(?:\)|$))?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(ua)) !== null) {
    if (m[0] === '') { re.lastIndex++; continue; }
    out.push({ name: m[1], version: m[2] ?? '', comment: m[3] ? m[3].split(';').map((s) => s.trim()).filter(Boolean) : [] });
  }
  return out;
}

const WINDOWS: Record<string, string> = {
  '5.0': 'Windows 2000', '5.01': 'Windows 2000, Service Pack 1 (SP1)', '5.1': 'Windows XP', '5.2': 'Windows XP x64 Edition',
  '6.0': 'Windows Vista', '6.1': 'Windows 7', '6.2': 'Windows 8', '6.3': 'Windows 8.1', '10.0': 'Windows 10',
};

export interface UaInfo {
  isMobile: boolean; isBot: boolean; os: string; browser: string; browserVer: string; engine: string; engineVer: string; ua: string;
}

export function parseUserAgent(ua: string): UaInfo {
  const info: UaInfo = { isMobile: false, isBot: false, os: '', browser: '', browserVer: '', engine: '', engineVer: '', ua: '' };
  const secs = sections(ua);
  const find = (n: string) => secs.find((s) => s.name === n);
  if (/bot|crawler|spider|crawling|slurp/i.test(ua)) {
    info.isBot = true;
    const bot = secs.find((s) => /bot|crawler|spider|slurp/i.test(s.name)) ?? secs.find((s) => s.comment.some((c) => /bot|spider|crawler/i.test(c)));
    if (bot) {
      const named = bot.comment.find((c) => /bot|spider|crawler/i.test(c));
      const [n, v] = (/bot|spider|crawler|slurp/i.test(bot.name) ? `${bot.name}/${bot.version}` : named ?? bot.name).split('/');
      info.browser = n;
      info.browserVer = v ?? '';
    }
    return info;
  }
  const first = secs[0];
  const comment = first?.comment ?? [];
  const c0 = comment[0] ?? '';
  // Platform and OS.
  if (c0.startsWith('Windows') || comment.some((c) => c.startsWith('Windows NT'))) {
    info.ua = 'Windows';
    const nt = comment.find((c) => c.startsWith('Windows NT'));
    const ver = nt ? nt.slice('Windows NT '.length) : '';
    info.os = nt ? lookupOwn(WINDOWS, ver) ?? `Windows NT ${ver}` : c0;
    if (comment.some((c) => c.startsWith('Windows Phone'))) info.isMobile = true;
  } else if (c0 === 'Macintosh') {
    info.ua = 'Macintosh';
    info.os = comment.find((c) => c.includes('Mac OS X')) ?? '';
  } else if (c0 === 'iPhone' || c0 === 'iPad' || c0 === 'iPod') {
    info.ua = c0;
    info.isMobile = true;
    info.os = comment.find((c) => c.includes(' OS ')) ?? '';
  } else if (c0 === 'Linux' || c0 === 'X11' || comment.some((c) => c.startsWith('Android'))) {
    info.ua = c0 === 'X11' ? 'X11' : 'Linux';
    const android = comment.find((c) => c.startsWith('Android'));
    if (android) { info.os = android; info.isMobile = true; }
    else info.os = comment.find((c) => c.startsWith('Linux')) ?? c0;
  } else if (c0) {
    info.ua = c0;
    info.os = comment[1] ?? '';
  }
  if (/Mobile/.test(ua)) info.isMobile = true;
  // Engine.
  const webkit = find('AppleWebKit');
  const gecko = find('Gecko');
  const trident = comment.find((c) => c.startsWith('Trident/'));
  if (webkit) { info.engine = 'AppleWebKit'; info.engineVer = webkit.version; }
  else if (trident) { info.engine = 'Trident'; info.engineVer = trident.split('/')[1]; }
  else if (gecko) {
    info.engine = 'Gecko';
    const rv = comment.find((c) => c.startsWith('rv:'));
    info.engineVer = rv ? rv.slice(3) : gecko.version;
  }
  // Browser, most specific first.
  const pick = (name: string, label = name) => {
    const s = find(name);
    if (s) { info.browser = label; info.browserVer = s.version; }
    return !!s;
  };
  if (pick('Edg', 'Edge') || pick('Edge') || pick('OPR', 'Opera') || pick('YaBrowser', 'YaBrowser')) return info;
  if (find('Chrome') && pick('Chrome')) return info;
  if (pick('CriOS', 'Chrome')) return info;
  if (pick('Firefox')) return info;
  const msie = comment.find((c) => c.startsWith('MSIE '));
  if (msie) { info.browser = 'Internet Explorer'; info.browserVer = msie.slice(5); return info; }
  if (trident) {
    info.browser = 'Internet Explorer';
    const rv = comment.find((c) => c.startsWith('rv:'));
    info.browserVer = rv ? rv.slice(3) : '';
    return info;
  }
  if (find('Safari')) {
    info.browser = 'Safari';
    info.browserVer = find('Version')?.version ?? find('Safari')?.version ?? '';
    return info;
  }
  if (first) { info.browser = first.name; info.browserVer = first.version; }
  return info;
}

export const user_agent = defineBuiltin({
  name: 'user_agent',
  params: [key('key')],
  returns: 'nil',
  doc: 'Parses a browser User-Agent string and writes the fields `isMobile`, `isBot` (bool), `os`, `browser`, `browserVer`, `engine`, `engineVer` and `ua` (the platform). Covers the common desktop/mobile browsers and crawlers.',
  examples: [
    {
      title: 'Chrome on Windows 7',
      script: 'user_agent(_)',
      input: 'Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.125 Safari/537.36',
      fields: { isMobile: false, isBot: false, os: 'Windows 7', browser: 'Chrome', browserVer: '36.0.1985.125', engine: 'AppleWebKit', engineVer: '537.36', ua: 'Windows' },
    },
    {
      title: 'crawler',
      script: 'user_agent(_)',
      input: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      fields: { isBot: true, browser: 'Googlebot', browserVer: '2.1' },
    },
  ],
  compile({ key }) {
    return (rt) => {
      const v = rt.lookup(key);
      if (v === undefined || v === null) return null;
      const info = parseUserAgent(toText(v));
      for (const [k, x] of Object.entries(info)) rt.write(k, x);
      return null;
    };
  },
});
