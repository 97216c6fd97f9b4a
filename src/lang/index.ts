// The public face of the Pipeline language library: compile a script, run it on lines, print its
// diagnostics. Everything else in src/lang is internal.

export { compileScript, INTERNAL_ERROR } from './script';
export type { CompileOptions, CompiledScript, RunInput, RunMapsResult, RunResult } from './script';
export { formatDiagnostics } from './diagnostics';
export { DEFAULT_MATCH_BUDGET_MS } from './grok/guard';
export type { Diagnostic } from './diagnostics';
export type { Value, ValueMap } from './value';
