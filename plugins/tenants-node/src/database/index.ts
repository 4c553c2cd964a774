export {
  migrateLatestWaitingForLock,
  waitForMigrationLockOn,
} from './migrationLock';
export type { MigrationLockWaitOptions } from './migrationLock';
