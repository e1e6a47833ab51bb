import { container } from '@sapphire/framework';
import { definePlugin } from '#core/plugin-system/definePlugin';
import { Economy } from './entities/Economy';
import { EconomyRankBucket } from './entities/EconomyRankBucket';
import { Inventory } from './entities/Inventory';
import { Item } from './entities/Item';
import { Transaction } from './entities/Transaction';
import { economyEvents } from './events';
import { economyLeaderboard } from './lib/leaderboard';
import { EconomySchema1795598707233 } from './migrations/1795598707233-EconomySchema';
import { EconomyTransferFunction1795600000000 } from './migrations/1795600000000-EconomyTransferFunction';
import { EconomyLedgerDirection1795600076492 } from './migrations/1795600076492-EconomyLedgerDirection';
import { ItemBackgroundImage1795863574834 } from './migrations/1795863574834-ItemBackgroundImage';
import { EconomyRankBuckets1795866832389 } from './migrations/1795866832389-EconomyRankBuckets';
import { EconomyService } from './services/EconomyService';
import { economySettings } from './settings';

declare module '@sapphire/pieces' {
  interface Container {
    /** Credit, debit, transfer and balances for other plugins (list `economy` in your dependencies). */
    economy: EconomyService;
  }
}

export default definePlugin({
  name: 'economy',
  description: 'Wallet and bank, daily/weekly/work, transfers, a shop with role items, inventory and a ledger.',
  defaultEnabled: false,
  settings: economySettings,
  entities: [Economy, Transaction, Item, Inventory, EconomyRankBucket],
  migrations: [
    EconomySchema1795598707233,
    EconomyTransferFunction1795600000000,
    EconomyLedgerDirection1795600076492,
    ItemBackgroundImage1795863574834,
    EconomyRankBuckets1795866832389,
  ],
  leaderboards: [economyLeaderboard],
  events: economyEvents,
  setup: (economy) => {
    container.economy = new EconomyService(container.database, economy);
  },
});
