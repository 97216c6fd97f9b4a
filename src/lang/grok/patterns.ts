import library from './grok-patterns.json';

/** The built-in grok library (name → RE2 regex with %{} references), as Datakit ships it. */
export const BUILTIN_PATTERNS: ReadonlyMap<string, string> = new Map(
  (library as { patterns: Array<{ name: string; regex: string }> }).patterns.map((p) => [p.name, p.regex]),
);
