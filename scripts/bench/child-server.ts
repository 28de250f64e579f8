/**
 * The test Mastodon server in a child process, through its CLI (test/mastodon-server/cli.ts), so
 * its CPU work (rendering pages, serving concurrent requests) runs on its own event loop, as a
 * real server runs on another machine, instead of sharing the benchmark's.
 *
 * No stray processes: the child is one node process (tsx as a loader, no wrapper process), it is
 * killed on close(), on this process's exit and on SIGINT/SIGTERM, and exit-with-parent.ts ends it
 * when our end of its stdin closes, which also covers this process dying from SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cli = fileURLToPath(new URL('../../test/mastodon-server/cli.ts', import.meta.url));
const preload = pathToFileURL(fileURLToPath(new URL('./exit-with-parent.ts', import.meta.url))).href;

const ReadySchema = z.object({ url: z.url(), token: z.string().min(1) });

export interface ChildServer {
  url: string;
  token: string;
  pid: number;
  close(): Promise<void>;
}

const live = new Set<ChildProcess>();
let hooksInstalled = false;

function installHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // 'exit' handlers run synchronously: kill() is a synchronous signal send.
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.on(signal, () => {
      process.stderr.write(`\n${signal}: stopping ${live.size} test server(s)\n`);
      process.exit(code);
    });
  }
}

/**
 * Starts `cli.ts --port 0 ...args` and resolves once it prints its `{"url","token"}` line.
 * The port is chosen by the OS.
 */
export function spawnServer(args: string[], startupTimeoutMs = 120_000): Promise<ChildServer> {
  installHooks();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', preload, cli, '--port', '0', ...args],
    {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  live.add(child);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      live.delete(child);
      resolve();
    });
  });
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  return new Promise<ChildServer>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void close().then(() =>
        reject(new Error(`${message}${stderr ? `\nserver stderr:\n${stderr.trim()}` : ''}`)),
      );
    };
    const timer = setTimeout(
      () => fail(`test server did not report its address within ${startupTimeoutMs} ms`),
      startupTimeoutMs,
    );
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      // Keep only the tail: enough to explain a failure, bounded if the server is chatty.
      stderr = (stderr + chunk).slice(-4_000);
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      if (settled) return;
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      const line = stdout.slice(0, newline);
      let ready: z.infer<typeof ReadySchema>;
      try {
        ready = ReadySchema.parse(JSON.parse(line));
      } catch (error) {
        fail(`test server printed an unexpected first line ${JSON.stringify(line)}: ${String(error)}`);
        return;
      }
      settled = true;
      clearTimeout(timer);
      resolve({ ...ready, pid: child.pid ?? -1, close });
    });
    child.once('error', (error) => fail(`could not start the test server: ${error.message}`));
    child.once('exit', (code, signal) =>
      fail(`test server exited before it was ready (code ${code}, signal ${signal})`),
    );
  });
}
