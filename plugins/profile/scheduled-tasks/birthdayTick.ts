import { PluginTask } from '#core/plugin-kit/PluginTask';

/** Every 15 minutes: announce the birthdays that have begun, take back the roles of those that have ended. */
export class BirthdayTickTask extends PluginTask<'birthdayTick'> {
  public override async runEnabled() {
    await this.container.birthdays.tick();
  }
}
