import { UserError } from '@sapphire/framework';
import type { Route } from '@sapphire/plugin-api';
import { AuditEvent } from '../database/entities/GuildConfig';
import { idChoices } from '../dashboard/settingsForm';
import {
  checkConfigCategory,
  checkConfigChannel,
  checkConfigRole,
  checkPrefix,
  CONFIG_CHANNELS,
  CONFIG_ROLES,
  parseAuditEvents,
} from '../guilds/configRules';
import type { EditableGuildConfig } from '../guilds/GuildSettings';
import type { GuildIdTargets } from '../plugin-kit/settingIds';
import { DashboardRoute, html, type DashboardContext, type Html } from '../plugin-kit/DashboardRoute';

type Field = keyof EditableGuildConfig;

/**
 * `GET|POST /servers/[guildId]/config`: the server's core settings, as `/config` sets them (log channels, support
 * category, staff roles, audit events, prefix), with the same rules and messages. Nothing is saved unless every field
 * is valid.
 */
export class DashboardConfigRoute extends DashboardRoute {
  public constructor(context: Route.LoaderContext) {
    super(context, {
      route: 'servers/[guildId]/config',
      methods: ['GET', 'POST'],
      access: 'manager',
      menuLabel: 'Core settings',
      menuOrder: 1,
    });
  }

  protected async handle(context: DashboardContext) {
    const { guild, session, form, method } = context;
    const { guildSettings } = this.container;
    const { config } = await guildSettings.get(guild.id);
    const current: EditableGuildConfig = {
      prefix: config.prefix,
      ...Object.fromEntries(Object.values(CONFIG_CHANNELS).map((field) => [field, config[field]])),
      supportCategoryId: config.supportCategoryId,
      ...Object.fromEntries(Object.values(CONFIG_ROLES).map((field) => [field, config[field]])),
      auditEvents: config.auditEvents,
    };
    let shown = current;
    const problems: Partial<Record<Field, string>> = {};
    let saved = false;
    if (method === 'POST') {
      const patch = await this.read(guild.idTargets(), form, problems);
      shown = { ...current, ...patch };
      if (Object.keys(problems).length === 0) {
        await guildSettings.updateConfig(guild.id, guild.name, patch, this.changedBy(context));
        saved = true;
      }
    }
    const refused = Object.keys(problems).length > 0;
    const select = (field: Field, label: string, choices: { id: string; label: string }[]) =>
      this.field(
        field,
        label,
        problems[field],
        (attributes) =>
          html`<select ${attributes}>
            <option value="">(not set)</option>
            ${choices.map(
              (choice) =>
                html`<option value="${choice.id}" ${shown[field] === choice.id ? html`selected` : ''}>
                  ${choice.label}
                </option>`,
            )}
          </select>`,
      );
    const all = await guild.channels();
    const channels = idChoices(guild, all, { kind: 'channel', list: false });
    const categories = idChoices(guild, all, { kind: 'category', list: false });
    const roles = idChoices(guild, all, { kind: 'role', list: false });
    context.page(
      {
        title: 'Core settings',
        nav: await this.menu(context),
        notice: refused
          ? { kind: 'error', text: 'Nothing was saved: correct the fields marked below.' }
          : saved
            ? { kind: 'ok', text: 'Settings saved.' }
            : undefined,
      },
      html`<h1>Core settings</h1>
        <form method="post" class="card" novalidate>
          <input type="hidden" name="_csrf" value="${session!.csrf}" />
          ${this.field(
            'prefix',
            'Prefix',
            problems.prefix,
            (attributes) =>
              html`<input
                type="text"
                ${attributes}
                value="${shown.prefix ?? ''}"
                placeholder="${this.container.config.defaultPrefix}"
                maxlength="5"
              />`,
          )}
          ${Object.entries(CONFIG_CHANNELS).map(([kind, field]) => select(field, `${kind} channel`, channels))}
          ${select('supportCategoryId', 'Support category', categories)}
          ${Object.entries(CONFIG_ROLES).map(([kind, field]) => select(field, `${kind} role`, roles))}
          <fieldset class="field" ${problems.auditEvents ? html`aria-invalid="true"` : ''}>
            <legend>Audit events</legend>
            ${Object.values(AuditEvent).map(
              (event) =>
                html`<label class="check"
                  ><input
                    type="checkbox"
                    name="auditEvents"
                    value="${event}"
                    ${shown.auditEvents?.includes(event) ? html`checked` : ''}
                  />
                  ${event}</label
                >`,
            )}
            ${problems.auditEvents ? html`<span class="error-text">${problems.auditEvents}</span>` : ''}
          </fieldset>
          <button type="submit">Save settings</button>
        </form>`,
      refused ? 400 : 200,
    );
  }

  /** The patch the form asks for; each refused field gets /config's message in `problems`. */
  private async read(
    guild: GuildIdTargets,
    form: URLSearchParams,
    problems: Partial<Record<Field, string>>,
  ): Promise<EditableGuildConfig> {
    const patch: EditableGuildConfig = {};
    const attempt = async (field: Field, apply: () => void | Promise<void>) => {
      try {
        await apply();
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        problems[field] = error.message;
      }
    };
    const prefix = (form.get('prefix') ?? '').trim();
    await attempt('prefix', () => {
      if (prefix) checkPrefix(prefix);
      patch.prefix = prefix || null;
    });
    const ids: [Field, (id: string) => Promise<void>][] = [
      ...Object.values(CONFIG_CHANNELS).map((field): [Field, (id: string) => Promise<void>] => [
        field,
        (id) => checkConfigChannel(guild, id),
      ]),
      ['supportCategoryId', (id) => checkConfigCategory(guild, id)],
      ...Object.values(CONFIG_ROLES).map((field): [Field, (id: string) => Promise<void>] => [
        field,
        (id) => checkConfigRole(guild, id),
      ]),
    ];
    for (const [field, check] of ids) {
      const id = form.get(field) ?? '';
      await attempt(field, async () => {
        if (id) await check(id);
        Object.assign(patch, { [field]: id || null });
      });
    }
    const events = form.getAll('auditEvents');
    await attempt('auditEvents', () => {
      patch.auditEvents = events.length ? parseAuditEvents(events.join(',')) : [];
    });
    return patch;
  }

  private field(field: Field, label: string, problem: string | undefined, input: (attributes: Html) => Html): Html {
    const id = `config-${field}`;
    const attributes = html`id="${id}" name="${field}"
    ${problem ? html`aria-invalid="true" aria-describedby="${id}-error"` : ''}`;
    return html`<div class="field">
      <label for="${id}">${label}</label>
      ${input(attributes)}
      ${problem ? html`<span class="error-text" id="${id}-error">${problem.replace(/`/g, '')}</span>` : ''}
    </div>`;
  }
}
