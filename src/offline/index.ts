// The offline tools' public surface: what command modules call. Nothing here prints or exits; results are
// values, failures are OfflineError (message = the text after "Error: ", plus the exit code).
export { OfflineError, isOfflineError, type OfflineErrorCode, type ZapLogEntry } from './errors.js';
export { snapshotStatus, INTEGRITY_PREFIX, type SnapshotStatus, type SnapshotStatusOptions } from './status.js';
export {
  snapshotRestore,
  planCluster,
  RESTORE_DEFAULTS,
  type SnapshotRestoreOptions,
  type SnapshotRestoreResult,
} from './restore.js';
export { defragDataDir, type DefragResult } from './defrag.js';
export { backupV2, newIds, type BackupOptions, type BackupResult } from './backup.js';
export { migrate, type MigrateOptions, type MigrateResult } from './migrate.js';

// Formats, for tools and tests that work below the procedures.
export { BoltReader, type BucketRef, type Entry as BoltEntry, type TopBucket } from './bbolt/reader.js';
export { BoltWriter, BucketBuilder, TreeBuilder } from './bbolt/writer.js';
export { rewriteBuckets, type BucketEdit } from './bbolt/rewrite.js';
export { crc32c, crc32cUpdate } from './crc32c.js';
export { WalWriter, WalDecoder, readWal, readWalMetadata, selectWalFiles, walName, parseWalName, encodeFrame, SEGMENT_SIZE, RecordType, type WalContents } from './wal.js';
export { encodeSnapFile, decodeSnapFile, readSnapFile, loadNewestSnap, snapFileName } from './snap.js';
export { classifyEntryData, type EntryRequest } from './entrydata.js';
export { computeMemberId, computeClusterId, idString, memberJson, type Member } from './membership.js';
export { V2Store } from './v2store.js';
export { hasChecksum } from './snapshotfile.js';
export { flockHolders, type LockHolder } from './lock.js';
