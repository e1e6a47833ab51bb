import type { Route } from '@sapphire/plugin-api';
import { InvalidSettings } from '../guilds/GuildSettings';
import { readSettingsForm, renderSettingsForm, settingFields } from '../dashboard/settingsForm';
import { DashboardError, DashboardRoute, html, type DashboardContext } from '../plugin-kit/DashboardRoute';

/**
 * `GET|POST /servers/[guildId]/plugins/[plugin]`: the plugin's settings as a form built from its zod schema, with
 * role and channel pickers. A save validates every field with the schema (and the server's roles and channels, as
 * `/plugins config` does) and stores nothing unless all are valid; refused fields show the schema's message.
 */
export class DashboardPluginSettingsRoute extends DashboardRoute {
  public constructor(context: Route.LoaderContext) {
    super(context, { route: 'servers/[guildId]/plugins/[plugin]', methods: ['GET', 'POST'], access: 'manager' });
  }

  protected async handle(context: DashboardContext) {
    const { guild, session, form, request, method } = context;
    const { guildSettings, plugins } = this.container;
    const plugin = plugins.get(request.params.plugin ?? '');
    if (!plugin?.settings) throw new DashboardError(404, 'This plugin has no settings.');
    const fields = settingFields(plugin.settings);
    let values = await guildSettings.pluginSettingsOf(guild.id, plugin.name);
    let problems: Record<string, string> = {};
    let saved = false;
    if (method === 'POST') {
      const read = await readSettingsForm(guild.idTargets(), fields, form);
      problems = read.problems;
      if (Object.keys(problems).length === 0) {
        try {
          values = await guildSettings.setPluginSettings(guild.id, plugin.name, read.values, this.changedBy(context));
          saved = true;
        } catch (error) {
          if (!(error instanceof InvalidSettings)) throw error;
          problems = { ...error.problems };
        }
      }
      // A refused form shows what was sent, so the admin can correct it.
      if (!saved)
        values = {
          ...values,
          ...Object.fromEntries(
            fields.map((field) => {
              const sent = form.getAll(field.key);
              const list = field.control.kind === 'ids' && field.control.setting.list;
              return [field.key, list ? sent : (sent.at(-1) ?? values[field.key])];
            }),
          ),
        };
    }
    const refused = Object.keys(problems).length > 0;
    context.page(
      {
        title: `${plugin.name} settings`,
        nav: await this.menu(context),
        notice: refused
          ? { kind: 'error', text: 'Nothing was saved: correct the fields marked below.' }
          : saved
            ? { kind: 'ok', text: 'Settings saved.' }
            : undefined,
      },
      html`<h1>${plugin.name} settings</h1>
        <p class="muted">${plugin.description}</p>
        ${renderSettingsForm({
          guild,
          channels: await guild.channels(),
          fields,
          values,
          problems,
          csrf: session!.csrf,
          action: `/servers/${guild.id}/plugins/${plugin.name}`,
        })}`,
      refused ? 400 : 200,
    );
  }
}
