import type { Route } from '@sapphire/plugin-api';
import { PermissionEffect, PermissionSubject } from '../database/entities/PermissionOverride';
import { idChoices } from '../dashboard/settingsForm';
import { ALL_PERMISSIONS, type Permission } from '../permissions/enums';
import { DashboardRoute, html, type DashboardContext } from '../plugin-kit/DashboardRoute';

/**
 * `GET|POST /servers/[guildId]/permissions`: the server's permission overrides, as `/permissions grant|revoke|reset`
 * keeps them: grant or revoke one seed permission for a role or a member, or remove an override.
 */
export class DashboardPermissionsRoute extends DashboardRoute {
  public constructor(context: Route.LoaderContext) {
    super(context, {
      route: 'servers/[guildId]/permissions',
      methods: ['GET', 'POST'],
      access: 'manager',
      menuLabel: 'Permissions',
      menuOrder: 2,
    });
  }

  protected async handle(context: DashboardContext) {
    const { guild, session, form, method } = context;
    const { permissions, guildSettings } = this.container;
    let notice: { kind: 'ok' | 'error'; text: string } | undefined;
    if (method === 'POST') {
      const subjectType =
        form.get('subjectType') === PermissionSubject.MEMBER ? PermissionSubject.MEMBER : PermissionSubject.ROLE;
      const subjectId =
        (subjectType === PermissionSubject.ROLE ? form.get('roleId') : form.get('memberId'))?.trim() ?? '';
      const permission = form.get('permission') as Permission;
      const effect = form.get('effect');
      const subjectOk =
        subjectType === PermissionSubject.ROLE
          ? guild.roles.has(subjectId) && subjectId !== guild.id
          : /^\d{17,20}$/.test(subjectId) && (await guild.member(subjectId)) !== null;
      if (!subjectOk)
        notice = {
          kind: 'error',
          text: `There is no such ${subjectType === PermissionSubject.ROLE ? 'role' : 'member'} on this server.`,
        };
      else if (!ALL_PERMISSIONS.includes(permission))
        notice = { kind: 'error', text: 'Choose a permission from the list.' };
      else {
        if (effect === 'RESET') {
          await permissions.clearOverride(guild.id, subjectType, subjectId, permission, this.changedBy(context));
          notice = { kind: 'ok', text: `${permission} is back to the role default there.` };
        } else if (effect === PermissionEffect.GRANT || effect === PermissionEffect.REVOKE) {
          await permissions.setOverride(guild.id, subjectType, subjectId, permission, effect, this.changedBy(context));
          notice = { kind: 'ok', text: `${permission} ${effect === PermissionEffect.GRANT ? 'granted' : 'revoked'}.` };
        } else notice = { kind: 'error', text: 'Choose grant, revoke or reset.' };
      }
    }
    const overrides = (await guildSettings.get(guild.id)).permissionOverrides;
    const subjectName = (type: PermissionSubject, id: string) =>
      type === PermissionSubject.ROLE ? `@${guild.roles.get(id)?.name ?? id}` : this.nameOf(context, id);
    const roles = idChoices(guild, [], { kind: 'role', list: false });
    context.page(
      { title: 'Permissions', nav: await this.menu(context), notice },
      html`<h1>Permission overrides</h1>
        <div class="card table-wrap">
          ${
            overrides.length
              ? html`<table>
                  <thead>
                    <tr>
                      <th scope="col">Who</th>
                      <th scope="col">Permission</th>
                      <th scope="col">Override</th>
                      <th scope="col">Remove</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${overrides.map(
                      (override) =>
                        html`<tr>
                          <td>${subjectName(override.subjectType, override.subjectId)}</td>
                          <td>${override.permission}</td>
                          <td>${override.effect}</td>
                          <td>
                            <form method="post">
                              <input type="hidden" name="_csrf" value="${session!.csrf}" />
                              <input type="hidden" name="subjectType" value="${override.subjectType}" />
                              <input
                                type="hidden"
                                name="${override.subjectType === PermissionSubject.ROLE ? 'roleId' : 'memberId'}"
                                value="${override.subjectId}"
                              />
                              <input type="hidden" name="permission" value="${override.permission}" />
                              <button type="submit" name="effect" value="RESET" class="secondary">Remove</button>
                            </form>
                          </td>
                        </tr>`,
                    )}
                  </tbody>
                </table>`
              : html`<p class="muted">No overrides: every role has its default permissions.</p>`
          }
        </div>
        <h2>Add an override</h2>
        <form method="post" class="card">
          <input type="hidden" name="_csrf" value="${session!.csrf}" />
          <div class="field">
            <label for="perm-subject">For</label>
            <select id="perm-subject" name="subjectType">
              <option value="ROLE">a role</option>
              <option value="MEMBER">a member</option>
            </select>
          </div>
          <div class="field">
            <label for="perm-role">Role</label>
            <select id="perm-role" name="roleId">
              ${roles.map((role) => html`<option value="${role.id}">${role.label}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="perm-member">Member id (for a member)</label>
            <input type="text" id="perm-member" name="memberId" inputmode="numeric" pattern="[0-9]{17,20}" />
          </div>
          <div class="field">
            <label for="perm-permission">Permission</label>
            <select id="perm-permission" name="permission">
              ${ALL_PERMISSIONS.map((permission) => html`<option>${permission}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="perm-effect">Override</label>
            <select id="perm-effect" name="effect">
              <option value="GRANT">grant</option>
              <option value="REVOKE">revoke</option>
            </select>
          </div>
          <button type="submit">Save override</button>
        </form>`,
    );
  }
}
