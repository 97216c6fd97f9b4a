// The public face of the Pipeline language library: compile a script, run it on lines, print its
// diagnostics, and the services an embedding application may provide. Everything else in
// src/lang is internal.

export { compileScript, INTERNAL_ERROR } from './script';
export type { CompileOptions, CompiledScript, RunInput, RunMapsResult, RunResult } from './script';
export { formatDiagnostics } from './diagnostics';
export { DEFAULT_MATCH_BUDGET_MS } from './grok/guard';
export type { Diagnostic } from './diagnostics';
export type { Value, ValueMap } from './value';
export { ScriptCache, type CacheLimits } from './builtins/env/cache';
export { PointWindows, type WindowRequest, type WindowLimits } from './builtins/env/windows';
export { scriptsDirectory, scriptsInMemory, type ScriptResolver } from './builtins/env/scripts';
export { openIpDatabase, openIspDatabase, IpDatabaseError, type IpDatabase, type IspDatabase } from './builtins/env/ipdb';
export { loadReferTables, type ReferTables } from './builtins/env/refer-tables';
export { httpRequester, MAX_HTTP_TIMEOUT_MS, type HttpLimits, type HttpRequester } from './builtins/env/http';
