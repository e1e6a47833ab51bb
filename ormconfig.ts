import 'reflect-metadata';
import { resolve } from 'node:path';
import { loadConfig } from './config';
import { createDataSource } from './src/database/dataSource';
import { discoverPlugins } from './src/plugin-system/discovery';

// The typeorm CLI's data source: the same entities and migrations the bot loads (typeorm wants exactly one export).
const config = loadConfig();
export const dataSource = createDataSource({
  ...config,
  plugins: discoverPlugins([resolve(__dirname, 'plugins'), ...config.extraPluginDirs.map((folder) => resolve(folder))]),
});
