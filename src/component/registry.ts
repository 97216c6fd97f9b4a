/** The factories a build offers, found by kind and type id (or a deprecated alias). */
import type { Factory, FactoryOf, Kind } from './component';

export interface Lookup<K extends Kind = Kind> {
  factory?: FactoryOf<K>;
  /** Set when the type was found under a deprecated alias. */
  deprecatedAlias?: string;
}

class Types<F extends Factory> {
  readonly byType = new Map<string, F>();
  readonly aliases = new Map<string, string>();

  add(f: F): void {
    if (this.byType.has(f.type)) throw new Error(`duplicate ${f.kind} type "${f.type}"`);
    this.byType.set(f.type, f);
    for (const a of f.aliases ?? []) this.aliases.set(a, f.type);
  }
}

/** Factories by kind and type id, with the Collector's old spellings as aliases. */
export class Registry {
  private readonly kinds: { [K in Kind]: Types<FactoryOf<K>> } = {
    receiver: new Types(),
    processor: new Types(),
    exporter: new Types(),
    extension: new Types(),
  };

  constructor(factories: Factory[]) {
    for (const f of factories) this.add(f.kind, f);
  }

  private add<K extends Kind>(kind: K, f: FactoryOf<K>): void {
    const t: Types<FactoryOf<K>> = this.kinds[kind];
    t.add(f);
  }

  lookup<K extends Kind>(kind: K, type: string): Lookup<K> {
    const t: Types<FactoryOf<K>> = this.kinds[kind];
    const f = t.byType.get(type);
    if (f) return { factory: f };
    const canonical = t.aliases.get(type);
    if (canonical) return { factory: t.byType.get(canonical), deprecatedAlias: type };
    return {};
  }

  types(kind: Kind): string[] {
    return [...this.kinds[kind].byType.keys()].sort();
  }

  all<K extends Kind>(kind: K): FactoryOf<K>[] {
    const t: Types<FactoryOf<K>> = this.kinds[kind];
    return this.types(kind).map((type) => t.byType.get(type)!);
  }
}
