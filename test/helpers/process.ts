import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export interface BotProcess {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

let built = false;

/** Compiles the bot as `npm start` does, once per test run, so child processes run what production runs. */
function buildOnce(): void {
  if (built) return;
  execFileSync(process.execPath, [resolve(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  built = true;
}

/**
 * Runs the production entry (`npm start`'s compiled bot) as a child process with only the given environment;
 * `nodeArguments` go to node before the entry (e.g. `--cpu-prof`, which NODE_OPTIONS refuses).
 */
export function runBotProcess(env: Record<string, string>, nodeArguments: readonly string[] = []): BotProcess {
  buildOnce();
  const child = spawn(process.execPath, [...nodeArguments, 'dist/src/index.js'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  return { child, output: () => output, exit };
}
