import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

/** The repository (the nearest folder up with a package.json): bench/ when run from the sources, dist/bench/chunks/ compiled. */
function repositoryRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/**
 * A vendor emulator in its own process (`koppel emulator <vendor> --port 0 …`), as the vendor would be: its JSON
 * work is not billed to what a benchmark measures. Resolves once it prints where it listens. `onLine` sees every
 * line it prints on stdout (Personio's emulator answers SIGUSR2 with a `stats {…}` line).
 */
export async function startEmulatorProcess(vendor: string, args: readonly string[], onLine?: (line: string) => void) {
  const root = repositoryRoot(path.dirname(fileURLToPath(import.meta.url)));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/app/cli/main.ts', 'emulator', vendor, '--port', '0', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!.replace(/\/+$/, ''));
      for (let nl = out.indexOf('\n'); nl >= 0; nl = out.indexOf('\n')) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        onLine?.(line);
      }
    });
    child.once('exit', (code) => reject(new Error(`${vendor} emulator exited (${code})`)));
  });
  return {
    url,
    child,
    /** GET one of the emulator's own hooks as JSON; a kept-alive socket it closed meanwhile is retried once on a new one. */
    hook: async <T>(hookPath: string): Promise<T> => {
      const get = () => fetch(`${url}${hookPath}`, { headers: { connection: 'close' } });
      return (await (await get().catch(get)).json()) as T;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
