import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export interface BotProcess {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

/** Runs the production entry (`npm start`'s command) as a child process with only the given environment. */
export function runBotProcess(env: Record<string, string>): BotProcess {
  const child = spawn(process.execPath, ['--require', '@swc-node/register', 'src/index.ts'], {
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
