import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { compileScript, formatDiagnostics, type CompiledScript, type CompileOptions } from '../../src/lang';
import type { ScriptSource } from './config';

// The .p files live beside this source file; the compiled copy in dist/ finds them in the source tree.
const BUILTIN_DIR = [path.join(__dirname, 'scripts'), path.resolve(__dirname, '../../../processors/log_pipeline/scripts')].find((d) => {
  try {
    return readdirSync(d).some((f) => f.endsWith('.p'));
  } catch {
    return false;
  }
}) ?? path.join(__dirname, 'scripts');
const BUILTIN_PREFIX = 'builtin:';

/** The ready-made scripts shipped in `scripts/`, by name (`python-ddtrace`). */
export function builtinScriptNames(): string[] {
  return readdirSync(BUILTIN_DIR).filter((f) => f.endsWith('.p')).map((f) => f.slice(0, -2)).sort();
}

/** The file of a ready-made script named `builtin:NAME`; throws naming the ones there are. */
export function builtinScriptPath(script: string): string {
  const name = script.slice(BUILTIN_PREFIX.length);
  const names = builtinScriptNames();
  if (!names.includes(name)) throw new Error(`script: unknown ready-made script "${name}" (available: ${names.map((n) => BUILTIN_PREFIX + n).join(', ')})`);
  return path.join(BUILTIN_DIR, `${name}.p`);
}

export const isBuiltin = (script: string): boolean => script.startsWith(BUILTIN_PREFIX);

export interface LoadedSource {
  name: string;
  text: string;
}

/** Reads a script from its config source; throws with a message naming the key on failure. */
export function loadSource(src: ScriptSource): LoadedSource {
  if (src.script_file !== undefined) {
    try {
      return { name: src.script_file, text: readFileSync(src.script_file, 'utf8') };
    } catch (err) {
      throw new Error(`script_file: cannot read "${src.script_file}": ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
  const script = src.script!;
  if (isBuiltin(script)) {
    const file = builtinScriptPath(script);
    return { name: path.basename(file), text: readFileSync(file, 'utf8') };
  }
  return { name: 'inline.p', text: script };
}

/** Compiles a script; the error carries every diagnostic in `file:line:col` form with the source line. */
export function compileSource(src: LoadedSource, timezone?: string, services: Partial<CompileOptions> = {}): CompiledScript {
  const { script, diagnostics } = compileScript(src.text, { ...services, name: src.name, timezone });
  if (!script) throw new Error(formatDiagnostics(diagnostics, src.text).trimEnd());
  return script;
}
