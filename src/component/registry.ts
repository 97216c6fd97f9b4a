import type { Factory, Kind } from './component';

export interface Lookup {
  factory?: Factory;
  /** Set when the type was found under a deprecated alias. */
  deprecatedAlias?: string;
}

/** Factories by kind and type id, with the Collector's old spellings as aliases. */
export class Registry {
  private byKind = new Map<Kind, Map<string, Factory>>();
  private aliases = new Map<Kind, Map<string, string>>();

  constructor(factories: Factory[]) {
    for (const f of factories) {
      const types = this.byKind.get(f.kind) ?? new Map<string, Factory>();
      if (types.has(f.type)) throw new Error(`duplicate ${f.kind} type "${f.type}"`);
      types.set(f.type, f);
      this.byKind.set(f.kind, types);
      const al = this.aliases.get(f.kind) ?? new Map<string, string>();
      for (const a of f.aliases ?? []) al.set(a, f.type);
      this.aliases.set(f.kind, al);
    }
  }

  lookup(kind: Kind, type: string): Lookup {
    const f = this.byKind.get(kind)?.get(type);
    if (f) return { factory: f };
    const canonical = this.aliases.get(kind)?.get(type);
    if (canonical) return { factory: this.byKind.get(kind)!.get(canonical), deprecatedAlias: type };
    return {};
  }

  types(kind: Kind): string[] {
    return [...(this.byKind.get(kind)?.keys() ?? [])].sort();
  }

  all(kind: Kind): Factory[] {
    return this.types(kind).map((t) => this.byKind.get(kind)!.get(t)!);
  }
}
