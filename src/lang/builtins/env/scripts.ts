// Where use("name.p") finds other scripts: a resolver the embedding application provides, and
// the one for a directory of .p files.

import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ScriptResolver {
  /** The text of script `name`, or undefined when there is none. */
  read(name: string): string | undefined;
  /** The names it knows, for "did you mean". */
  names(): string[];
}

/**
 * Scripts in `dir` and its subdirectories, named by their path relative to it ("nginx.p",
 * "common/time.p"). A name that leaves the directory ("../x.p", "/etc/x.p") resolves to nothing.
 */
export function scriptsDirectory(dir: string): ScriptResolver {
  const root = path.resolve(dir);
  const inside = (name: string): string | undefined => {
    if (path.isAbsolute(name)) return undefined;
    const full = path.resolve(root, name);
    return full.startsWith(root + path.sep) ? full : undefined;
  };
  return {
    read(name) {
      const full = inside(name);
      if (!full) return undefined;
      try {
        return fs.readFileSync(full, 'utf8');
      } catch {
        return undefined;
      }
    },
    names() {
      try {
        return (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.p')).map((f) => f.split(path.sep).join('/'));
      } catch {
        return [];
      }
    },
  };
}

/** Scripts held in memory by name (tests, examples, embedding without files). */
export function scriptsInMemory(scripts: Record<string, string>): ScriptResolver {
  return {
    read: (name) => (Object.hasOwn(scripts, name) ? scripts[name] : undefined),
    names: () => Object.keys(scripts),
  };
}
