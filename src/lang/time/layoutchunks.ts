// The chunks of a Go reference-time layout ("2006-01-02 15:04:05.000 -0700") the way
// Go's time package reads them (its nextStdChunk), shared by parsing and formatting.

export type Std =
  | 'January' | 'Jan' | '1' | '01' | 'Monday' | 'Mon' | '2' | '_2' | '02' | '__2' | '002'
  | '15' | '3' | '03' | '4' | '04' | '5' | '05' | '2006' | '06' | 'PM' | 'pm' | 'MST'
  | 'Z070000' | 'Z07:00:00' | 'Z0700' | 'Z07:00' | 'Z07' | '-070000' | '-07:00:00' | '-0700' | '-07:00' | '-07'
  | 'frac0' | 'frac9';

export type Tok = { lit: string } | { std: Std; digits?: number; sep?: string };

// "0" followed by 1..6: month, day, 12-hour, minute, second, two-digit year.
const ZERO_X: Std[] = ['01', '02', '03', '04', '05', '06'];
const NUM_TZ: Std[] = ['-070000', '-07:00:00', '-0700', '-07:00', '-07'];
const ISO_TZ: Std[] = ['Z070000', 'Z07:00:00', 'Z0700', 'Z07:00', 'Z07'];

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

function startsWithLower(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 97 && c <= 122;
}

/** The std chunk starting at layout[i], as Go's nextStdChunk recognises it there, or undefined. */
function stdAt(layout: string, i: number): { tok: Tok; len: number; litExtra?: number } | undefined {
  const rest = (n: number) => layout.slice(i, i + n);
  switch (layout[i]) {
    case 'J':
      if (rest(7) === 'January') return { tok: { std: 'January' }, len: 7 };
      if (rest(3) === 'Jan' && !startsWithLower(layout, i + 3)) return { tok: { std: 'Jan' }, len: 3 };
      return undefined;
    case 'M':
      if (rest(3) === 'Mon') {
        if (rest(6) === 'Monday') return { tok: { std: 'Monday' }, len: 6 };
        if (!startsWithLower(layout, i + 3)) return { tok: { std: 'Mon' }, len: 3 };
      }
      return rest(3) === 'MST' ? { tok: { std: 'MST' }, len: 3 } : undefined;
    case '0': {
      const d = layout.charCodeAt(i + 1) - 49;
      if (d >= 0 && d <= 5) return { tok: { std: ZERO_X[d] }, len: 2 };
      return rest(3) === '002' ? { tok: { std: '002' }, len: 3 } : undefined;
    }
    case '1': return layout[i + 1] === '5' ? { tok: { std: '15' }, len: 2 } : { tok: { std: '1' }, len: 1 };
    case '2': return rest(4) === '2006' ? { tok: { std: '2006' }, len: 4 } : { tok: { std: '2' }, len: 1 };
    case '_':
      // "_2006" is a literal "_" before a four-digit year.
      if (layout[i + 1] === '2') return rest(5) === '_2006' ? { tok: { std: '2006' }, len: 5, litExtra: 1 } : { tok: { std: '_2' }, len: 2 };
      return rest(3) === '__2' ? { tok: { std: '__2' }, len: 3 } : undefined;
    case '3': return { tok: { std: '3' }, len: 1 };
    case '4': return { tok: { std: '4' }, len: 1 };
    case '5': return { tok: { std: '5' }, len: 1 };
    case 'P': return layout[i + 1] === 'M' ? { tok: { std: 'PM' }, len: 2 } : undefined;
    case 'p': return layout[i + 1] === 'm' ? { tok: { std: 'pm' }, len: 2 } : undefined;
    case '-': case 'Z': {
      for (const std of layout[i] === '-' ? NUM_TZ : ISO_TZ) if (layout.startsWith(std, i)) return { tok: { std }, len: std.length };
      return undefined;
    }
    case '.': case ',': {
      const ch = layout[i + 1];
      if (ch !== '0' && ch !== '9') return undefined;
      let j = i + 1;
      while (layout[j] === ch) j++;
      // Only a run of 0s or 9s that no other digit follows is a fraction.
      if (isDigitAt(layout, j)) return undefined;
      return { tok: { std: ch === '0' ? 'frac0' : 'frac9', digits: j - i - 1, sep: layout[i] }, len: j - i };
    }
    default: return undefined;
  }
}

const cache = new Map<string, Tok[]>();

/** The layout as literal text and std chunks, left to right, the way Go's time package reads it. */
export function tokenizeLayout(layout: string): Tok[] {
  const hit = cache.get(layout);
  if (hit) return hit;
  const out: Tok[] = [];
  let lit = '';
  let i = 0;
  while (i < layout.length) {
    const found = stdAt(layout, i);
    if (!found) {
      lit += layout[i++];
      continue;
    }
    if (found.litExtra) lit += layout.slice(i, i + found.litExtra);
    if (lit) out.push({ lit });
    lit = '';
    out.push(found.tok);
    i += found.len;
  }
  if (lit) out.push({ lit });
  // default_time's layouts are built from the input text: long ones are one-offs, not worth keeping.
  if (layout.length <= 64) {
    if (cache.size > 1024) cache.clear();
    cache.set(layout, out);
  }
  return out;
}
