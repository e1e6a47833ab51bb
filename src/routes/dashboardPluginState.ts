import { UserError } from '@sapphire/framework';
import type { Route } from '@sapphire/plugin-api';
import { DashboardError, DashboardRoute, type DashboardContext } from '../plugin-kit/DashboardRoute';

/**
 * `POST /servers/[guildId]/plugins/[plugin]/state`: turns a plugin on or off, through the same service and
 * dependency rules as `/plugins enable|disable`; other processes drop their cached state over Redis at once.
 */
export class DashboardPluginStateRoute extends DashboardRoute {
  public constructor(context: Route.LoaderContext) {
    super(context, { route: 'servers/[guildId]/plugins/[plugin]/state', methods: ['POST'], access: 'manager' });
  }

  protected async handle(context: DashboardContext) {
    const { guild, form, request } = context;
    const { guildSettings, plugins } = this.container;
    const name = request.params.plugin ?? '';
    if (!plugins.get(name)) throw new DashboardError(404, 'There is no such plugin.');
    const enabled = form.get('enabled') === 'true';
    const before = await guildSettings.isEnabled(guild.id, name);
    const back = `/servers/${guild.id}`;
    if (before !== enabled) {
      try {
        if (enabled) await guildSettings.enablePlugin(guild.id, name, this.changedBy(context));
        else await guildSettings.disablePlugin(guild.id, name, this.changedBy(context));
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        context.redirect(`${back}?error=${encodeURIComponent(error.message.replace(/\*\*/g, ''))}#plugin-${name}`);
        return;
      }
    }
    context.redirect(`${back}?notice=${encodeURIComponent(`${name} is ${enabled ? 'on' : 'off'}.`)}#plugin-${name}`);
  }
}
