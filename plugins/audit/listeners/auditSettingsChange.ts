import type { Listener } from '@sapphire/framework';
import type { SettingsChangeEvent } from '#core/plugin-kit/guildConfig';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import audit from '../index';

const EVENT = 'settingsChange';

/** The bot's own settings changed — plugins, their settings, `/config`, permission overrides (SETTINGS_EVENTS). */
export class AuditSettingsChangeListener extends PluginListener<typeof EVENT> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: EVENT });
  }

  /** The change that turns audit off is logged too: the log was on when it was made. */
  protected override reachesWhileDisabled(event: SettingsChangeEvent): boolean {
    return event.changes.some((change) => change.target.kind === 'plugin' && change.target.plugin === audit.name);
  }

  public override runEnabled(event: SettingsChangeEvent) {
    this.container.audit.recordSettingsChange(event);
  }
}
