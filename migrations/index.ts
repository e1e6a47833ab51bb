import { CoreSchema1795595532998 } from './1795595532998-CoreSchema';
import { DashboardChanges1795873694060 } from './1795873694060-DashboardChanges';
import { SettingsChangeSources1795884925675 } from './1795884925675-SettingsChangeSources';
import { SettingsAuditEvent1795884925676 } from './1795884925676-SettingsAuditEvent';

/** The core's migrations, oldest first. Add each new file generated into this folder here. */
export const coreMigrations = [
  CoreSchema1795595532998,
  DashboardChanges1795873694060,
  SettingsChangeSources1795884925675,
  SettingsAuditEvent1795884925676,
];
