import {
  managerToFetchingStrategyOptions,
  SimpleContextFetchingStrategy,
  SimpleShardingStrategy,
  WebSocketShard,
  WebSocketShardEvents,
  type WebSocketManager,
} from '@discordjs/ws';

/**
 * discord.js's default gateway strategy (the process's shards side by side, @discordjs/ws's SimpleShardingStrategy),
 * except that a shard's event reaches the manager as the shard's own object with the shard id added, not as a copy.
 * The library forwards `{ ...payload, shardId }`, and those copies — one per gateway event — ended up in V8's old
 * generation, about 100 bytes each, so under chat load the heap grew ~10 MB a second until a full collection:
 * over 1,000,000 messages from 100,000 members (`bench:message-pipeline --members 100000 --per-member 10
 * --plugins ""`) the bot's peak RSS was 272–284 MiB with the copies and 188 MiB without, its old generation flat.
 * A shard makes a new object for each event it emits, so adding the id to it touches nothing anyone else holds.
 */
export class InPlaceShardingStrategy extends SimpleShardingStrategy {
  public override async spawn(shardIds: number[]): Promise<void> {
    // Private in the typings, plain fields at run time: the manager given to the constructor, and the shards by id
    // that connect(), send() and destroy() use.
    const manager = Reflect.get(this, 'manager') as WebSocketManager;
    const shards = Reflect.get(this, 'shards') as Map<number, WebSocketShard>;
    const options = await managerToFetchingStrategyOptions(manager);
    for (const shardId of shardIds) {
      const shard = new WebSocketShard(new SimpleContextFetchingStrategy(manager, options), shardId);
      for (const event of Object.values(WebSocketShardEvents)) {
        shard.on(event, (payload?: { shardId?: number }) => {
          const withShard = payload ?? {};
          withShard.shardId = shardId;
          // The manager's map types each event's payload; this one forwarding function serves them all.
          (manager.emit as (name: string, event: object) => boolean)(event, withShard);
        });
      }
      shards.set(shardId, shard);
    }
  }
}
