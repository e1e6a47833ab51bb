import type { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { PermissionSubject } from '../database/entities/PermissionOverride';
import { SettingsChange, type SettingsChangeSource } from '../database/entities/SettingsChange';
import type { Permission } from '../permissions/enums';

export type { SettingsChangeSource } from '../database/entities/SettingsChange';

/** Who changes a guild's settings and from where: every write of the core's settings services takes one. */
export interface SettingsActor {
  userId: string;
  source: SettingsChangeSource;
}

/** What a change is about. */
export type SettingTarget =
  /** A plugin switched on or off (before and after are booleans). */
  | { kind: 'plugin'; plugin: string }
  /** One of a plugin's settings (the values its schema parses). */
  | { kind: 'pluginSetting'; plugin: string; key: string }
  /** One of the core settings of `/config`, by its `guild_config` field (`prefix`, `logChannelId`, `auditEvents`…). */
  | { kind: 'config'; field: string }
  /** A permission override of a role or member (before and after: `GRANT`, `REVOKE` or null for none). */
  | { kind: 'permission'; subjectType: PermissionSubject; subjectId: string; permission: Permission };

/** One value that changed: never a no-op (before and after differ). */
export interface SettingChange {
  target: SettingTarget;
  before: unknown;
  after: unknown;
}

/**
 * Announced (as the client event `settingsChange`) after a change of a guild's bot settings is stored and recorded:
 * everything one command or one dashboard form changed, with who did it.
 */
export interface SettingsChangeEvent {
  guildId: string;
  actor: SettingsActor;
  changes: readonly SettingChange[];
  at: Date;
}

/**
 * How a target is written in `settings_change` and shown: `plugin:levels`, `plugin:levels.settings.xpRate`,
 * `config.prefix`, `permission:role:<id>.BAN_USER`.
 */
export function settingTargetName(target: SettingTarget): string {
  switch (target.kind) {
    case 'plugin':
      return `plugin:${target.plugin}`;
    case 'pluginSetting':
      return `plugin:${target.plugin}.settings.${target.key}`;
    case 'config':
      return `config.${target.field}`;
    case 'permission':
      return `permission:${target.subjectType.toLowerCase()}:${target.subjectId}.${target.permission}`;
  }
}

/** Whether two settings values are the same (values are JSON: numbers, strings, lists, objects, null). */
export function sameSetting(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * The record of every change of a guild's bot settings — from slash and prefix commands, the dashboard or the bot
 * itself — in `settings_change`: who, where from, what, the value before and after. Written by the core's settings
 * services in the transaction that makes the change, so a change is never stored without its record.
 */
export class SettingsChangeLog {
  public constructor(private readonly dataSource: DataSource) {}

  /** Stores the changes' rows; returns the event to announce once the transaction committed (none: nothing changed). */
  public async store(
    manager: EntityManager,
    guildId: string,
    actor: SettingsActor,
    changes: readonly SettingChange[],
  ): Promise<SettingsChangeEvent | undefined> {
    if (changes.length === 0) return undefined;
    const rows = changes.map((change) => ({
      guildId,
      actorId: actor.userId,
      source: actor.source,
      target: settingTargetName(change.target),
      before: change.before ?? null,
      after: change.after ?? null,
    }));
    // The cast: TypeORM's deep-partial type cannot express a jsonb column of arbitrary shape.
    await manager.getRepository(SettingsChange).insert(rows as QueryDeepPartialEntity<SettingsChange>[]);
    return { guildId, actor, changes, at: new Date() };
  }

  /** The guild's latest changes, newest first. */
  public latest(guildId: string, limit = 100): Promise<SettingsChange[]> {
    return this.dataSource
      .getRepository(SettingsChange)
      .find({ where: { guildId }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
  }
}
