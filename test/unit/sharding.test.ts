import { expect } from 'chai';
import type { Client } from 'discord.js';
import { shardLabel } from '../../src/metrics/collectors';
import { ownsGuildWith, shardOfGuild } from '../../src/plugin-kit/guildOwnership';
import { describeShards, shardGroups } from '../../src/sharding/ShardManager';

describe('shards', () => {
  it('groups shard ids into processes of SHARDS_PER_PROCESS, and names them compactly', () => {
    expect(shardGroups([0, 1, 2, 3, 4], 2)).to.deep.equal([[0, 1], [2, 3], [4]]);
    expect(shardGroups([4, 5, 6, 7], 1)).to.deep.equal([[4], [5], [6], [7]]);
    expect(describeShards([0, 1, 2, 3, 8, 10, 11])).to.equal('0-3, 8, 10-11');
    expect(describeShards([5])).to.equal('5');
  });

  it("puts a guild in Discord's shard, (id >> 22) % count, and only that shard's process owns it", () => {
    const guildId = '197038439483310086';
    expect([1, 2, 4].map((count) => shardOfGuild(guildId, count))).to.deep.equal([0, 0, 2]);
    const shard = 2;
    expect(ownsGuildWith('bot', { ids: [shard], count: 4 }, guildId)).to.equal(true);
    expect(ownsGuildWith('bot', { ids: [(shard + 1) % 4, (shard + 2) % 4], count: 4 }, guildId)).to.equal(false);
    // One process with every shard owns every guild; a worker owns none.
    expect(ownsGuildWith('bot', undefined, guildId)).to.equal(true);
    expect(ownsGuildWith('worker', undefined, guildId)).to.equal(false);
  });

  it('labels metrics with the shards of the process, however it was given them', () => {
    const client = (shard: { ids: number[] } | null, shards: Client['options']['shards']) =>
      ({ shard, options: { shards } }) as unknown as Client;
    expect(shardLabel(client(null, 'auto'))).to.equal('0');
    expect(shardLabel(client(null, [2, 3]))).to.equal('2,3');
    expect(shardLabel(client({ ids: [1] }, [1]))).to.equal('1');
  });
});
