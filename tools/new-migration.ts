/**
 * `npm run migration:new -- <plugin folder> <Name>`: generates the migration of a plugin's entity changes, and only
 * those. TypeORM generates the difference between the entities and a database, so it needs a database holding every
 * existing migration: this creates a throwaway one on the PostgreSQL server of `DATABASE_URL` (default: the local
 * one), runs the migrations there, generates into `<plugin folder>/migrations/`, and drops the database.
 * Plugins outside plugins/ (EXTRA_PLUGIN_DIRS) are found too; pass their folder.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { Client } from 'pg';

const [pluginArgument, name] = process.argv.slice(2);
if (!pluginArgument || !name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
  console.error('Usage: npm run migration:new -- <plugin folder, e.g. plugins/tickets> <MigrationName in PascalCase>');
  process.exit(2);
}
const pluginFolder = resolve(existsSync(pluginArgument) ? pluginArgument : join('plugins', pluginArgument));
if (!existsSync(join(pluginFolder, 'index.ts'))) {
  console.error(`${relative(process.cwd(), pluginFolder)} is not a plugin folder (no index.ts).`);
  process.exit(2);
}

const server = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const database = `migration_${randomBytes(4).toString('hex')}`;

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: server.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  await admin(`CREATE DATABASE "${database}"`);
  try {
    const url = new URL(server);
    url.pathname = `/${database}`;
    const pluginsRoot = dirname(pluginFolder);
    const env = {
      ...process.env,
      DATABASE_URL: url.toString(),
      // A plugin outside plugins/ is loaded as the bot would load it.
      EXTRA_PLUGIN_DIRS: basename(pluginsRoot) === 'plugins' && pluginsRoot === resolve('plugins') ? '' : pluginsRoot,
    };
    const typeorm = (...args: string[]) =>
      execFileSync(
        process.execPath,
        [
          '--conditions=development',
          '--require',
          '@swc-node/register',
          'node_modules/typeorm/cli.js',
          '-d',
          'ormconfig.ts',
          ...args,
        ],
        { env, stdio: 'inherit' },
      );
    typeorm('migration:run');
    typeorm('migration:generate', '--pretty', join(relative(process.cwd(), pluginFolder), 'migrations', name));
    console.log(
      `Now list the new class in ${relative(process.cwd(), join(pluginFolder, 'index.ts'))} (migrations: [...]).`,
    );
  } finally {
    await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
