import type { Dirent } from 'node:fs';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

/**
 * Glob matching with the doublestar syntax users know from the Collector: `*` and `?`
 * within one path segment, `[abc]`/`[a-z]`/`[!a]` classes, `{a,b}` alternatives, and `**`
 * as a whole segment for any number of directories. Relative patterns are taken from the
 * working directory. Symlinked directories are not descended by `**` (no loops).
 */

const MAGIC = /[*?[{]/;

/** Regex text for one segment (no `/` inside). */
function segmentSource(seg: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '\\' && i + 1 < seg.length) {
      out += escapeRe(seg[++i]);
    } else if (c === '*') {
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const close = seg.indexOf(']', i + 2);
      if (close < 0) {
        out += '\\[';
        continue;
      }
      let body = seg.slice(i + 1, close);
      const negate = body[0] === '!' || body[0] === '^';
      if (negate) body = body.slice(1);
      out += `[${negate ? '^' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
      i = close;
    } else if (c === '{') {
      depth++;
      out += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      out += ')';
    } else if (c === ',' && depth > 0) {
      out += '|';
    } else {
      out += escapeRe(c);
    }
  }
  return out + ')'.repeat(depth);
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A whole-path matcher (for `exclude`): `**` spans directories. */
export function globToRegExp(pattern: string): RegExp {
  const abs = path.resolve(pattern);
  const parts = abs.split('/');
  let src = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (i === 0) continue; // leading '' of an absolute path
    if (p === '**') {
      src += i === parts.length - 1 ? '/.*' : '(?:/[^/]+)*';
    } else {
      src += '/' + segmentSource(p);
    }
  }
  return new RegExp(`^${src}$`);
}

/** What one include glob found: the directory its walk starts from and the paths it matched, excludes removed. */
export interface GlobMatch {
  glob: string;
  dir: string;
  /** A glob with no wildcard names its path whether or not it exists. */
  paths: string[];
}

export class Matcher {
  private readonly include: { glob: string; parts: string[] }[];
  private readonly exclude: RegExp[];
  private readonly segCache = new Map<string, RegExp>();

  constructor(include: string[], exclude: string[]) {
    this.include = include.map((glob) => ({ glob, parts: path.resolve(glob).split('/') }));
    this.exclude = exclude.map(globToRegExp);
  }

  excluded(file: string): boolean {
    return this.exclude.some((re) => re.test(file));
  }

  /** Absolute paths of files (not directories) that match, sorted, without duplicates. */
  async match(onError?: (dir: string, err: NodeJS.ErrnoException) => void): Promise<string[]> {
    return union(await this.matchEach(onError));
  }

  /** The same, for each include glob on its own. */
  async matchEach(onError?: (dir: string, err: NodeJS.ErrnoException) => void): Promise<GlobMatch[]> {
    const out: GlobMatch[] = [];
    for (const { glob, parts } of this.include) {
      let i = 1;
      while (i < parts.length && !MAGIC.test(parts[i])) i++;
      const base = '/' + parts.slice(1, i).join('/');
      const found = new Set<string>();
      if (i === parts.length) {
        found.add(base);
      } else {
        await this.walk(base, parts.slice(i), found, onError);
      }
      out.push({ glob, dir: i === parts.length ? path.dirname(base) : base, paths: [...found].filter((f) => !this.excluded(f)) });
    }
    return out;
  }

  private seg(s: string): RegExp {
    let re = this.segCache.get(s);
    if (!re) {
      re = new RegExp(`^${segmentSource(s)}$`);
      this.segCache.set(s, re);
    }
    return re;
  }

  private async walk(dir: string, rest: string[], out: Set<string>, onError?: (dir: string, err: NodeJS.ErrnoException) => void): Promise<void> {
    const [head, ...tail] = rest;
    if (head === '**') {
      if (tail.length === 0) {
        await this.walkAll(dir, out, onError);
        return;
      }
      await this.walk(dir, tail, out, onError);
    }
    for (const ent of await listDir(dir, onError)) {
      const full = dir === '/' ? '/' + ent.name : dir + '/' + ent.name;
      if (head === '**') {
        if (ent.isDirectory()) await this.walk(full, rest, out, onError);
        continue;
      }
      if (!this.seg(head).test(ent.name)) continue;
      if (tail.length === 0) {
        out.add(full);
      } else if (ent.isDirectory() || ent.isSymbolicLink()) {
        let next = tail;
        let nextDir = full;
        // Literal segments need no listing.
        while (next.length > 1 && !MAGIC.test(next[0])) {
          nextDir += '/' + next[0];
          next = next.slice(1);
        }
        if (next.length === 1 && !MAGIC.test(next[0])) out.add(nextDir + '/' + next[0]);
        else await this.walk(nextDir, next, out, onError);
      }
    }
  }

  private async walkAll(dir: string, out: Set<string>, onError?: (dir: string, err: NodeJS.ErrnoException) => void): Promise<void> {
    for (const ent of await listDir(dir, onError)) {
      const full = dir === '/' ? '/' + ent.name : dir + '/' + ent.name;
      if (ent.isDirectory()) await this.walkAll(full, out, onError);
      else out.add(full);
    }
  }
}

/** Every path any of the globs matched, sorted, without duplicates. */
export function union(matches: GlobMatch[]): string[] {
  const all = new Set<string>();
  for (const m of matches) for (const p of m.paths) all.add(p);
  return [...all].sort();
}

/** A directory's entries; one that is gone or not a directory is empty, other errors are reported. */
async function listDir(dir: string, onError?: (dir: string, err: NodeJS.ErrnoException) => void): Promise<Dirent[]> {
  try {
    return await fsp.readdir(dir, { withFileTypes: true });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code !== 'ENOENT' && e.code !== 'ENOTDIR') onError?.(dir, e);
    return [];
  }
}
