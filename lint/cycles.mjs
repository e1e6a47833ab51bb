// @ts-check
// Fails on any import cycle (type-only imports included) except among TypeORM entities, whose relations name each
// other by design. Run by `npm run lint`.
import madge from 'madge';

const result = await madge(['src', 'plugins', 'config', 'migrations', 'emulator'], {
  fileExtensions: ['ts'],
  tsConfig: 'tsconfig.json',
  excludeRegExp: [/\.d\.ts$/, /\/test\//],
  detectiveOptions: { ts: { skipTypeImports: false } },
});
const isEntity = (file) => /(^|\/)entities\//.test(file);
const cycles = result.circular().filter((cycle) => !cycle.every(isEntity));
if (cycles.length > 0) {
  console.error(`${cycles.length} import cycle(s):`);
  for (const cycle of cycles) console.error(`  ${[...cycle, cycle[0]].join(' → ')}`);
  process.exit(1);
}
console.log(`No import cycles among ${Object.keys(result.obj()).length} files (entity relations aside).`);
