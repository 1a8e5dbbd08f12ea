/**
 * The composition root of one server instance: every store and service, built once and shared by the transports
 * (app.ts wires them to HTTP and sockets). Kept apart so app.ts holds transport only.
 */
import type { Config } from './config.js';
import type { Redis } from './store/redis.js';
import type { ScriptTimer } from './store/scripts.js';
import { AuditStore } from './store/audit.store.js';
import { CountingService } from './services/counting.service.js';
import { CountingStore } from './store/counting.store.js';
import { ElectionsAdminService } from './services/elections-admin.service.js';
import { ElectionsService } from './services/elections.service.js';
import { IncidentsService } from './services/incidents.service.js';
import { IncidentsStore } from './store/incidents.store.js';
import { PhotoStore } from './store/photos.store.js';
import { PublicLookupService } from './services/public-lookup.service.js';
import { PublicSnapshotStore } from './store/public-snapshot.store.js';
import { ReferenceEditStore } from './store/reference-edit.store.js';
import { ReferenceImportService } from './services/reference-import.service.js';
import { ReferenceMaintainService } from './services/reference-maintain.service.js';
import { ResultsExportService } from './services/results-export.service.js';
import { ResultsService } from './services/results.service.js';
import { ScopesService } from './services/scopes.service.js';
import { ScopesStore } from './store/scopes.store.js';
import { TurnoutService } from './services/turnout.service.js';
import { TurnoutStore } from './store/turnout.store.js';
import { UnitReferenceReader } from './store/unit-reference.js';
import { VoterChangesService } from './services/voter-changes.service.js';
import { VoterChangesStore } from './store/voter-changes.store.js';
import { VoterReportService } from './services/voter-report.service.js';
import { confirmedResults } from './services/public-results.js';

export function createServices(config: Config, redis: Redis, timer: ScriptTimer, now: () => number) {
  const turnoutStore = new TurnoutStore(redis, timer);
  const scopesStore = new ScopesStore(redis, timer);
  const elections = new ElectionsService(redis, scopesStore);
  const scopes = new ScopesService(scopesStore, elections);
  const audit = new AuditStore(redis, timer);
  const turnout = new TurnoutService(
    turnoutStore,
    elections,
    {
      logMaxLen: config.LOG_MAXLEN,
      bucketMs: config.SERIES_BUCKET_MS,
      maxFutureMs: config.MAX_FUTURE_MS,
      maxPending: config.MAX_PENDING_REPORTS,
    },
    Date.now,
    audit,
  );
  const countingStore = new CountingStore(redis, timer);
  const unitRefs = new UnitReferenceReader(redis);
  const counting = new CountingService(
    countingStore,
    redis,
    unitRefs,
    elections,
    { logMaxLen: config.LOG_MAXLEN, feedMaxLen: config.RESULTS_FEED_MAXLEN, maxFutureMs: config.MAX_FUTURE_MS },
    audit,
  );
  const results = new ResultsService(countingStore, scopesStore, unitRefs, elections);
  const exports = new ResultsExportService(redis, countingStore, scopesStore, unitRefs, elections, results);
  const voterChangesStore = new VoterChangesStore(redis, timer);
  const voterChanges = new VoterChangesService(voterChangesStore, elections, audit, {
    logMaxLen: config.LOG_MAXLEN,
    maxFutureMs: config.MAX_FUTURE_MS,
  });
  const voterReports = new VoterReportService(voterChangesStore, elections, scopesStore, redis);
  const publicSnapshots = new PublicSnapshotStore(redis);
  const publicLookup = new PublicLookupService(
    publicSnapshots,
    elections,
    redis,
    config.PUBLIC_REFRESH_MS,
    confirmedResults(countingStore, results),
    config.PUBLIC_RESULTS_REFRESH_MS,
  );

  const electionsAdmin = new ElectionsAdminService(redis, audit, elections, config.ELECTION_ID, now);
  const referenceImport = new ReferenceImportService(redis, audit, elections, now);
  const referenceEdits = new ReferenceEditStore(redis);
  const referenceMaintain = new ReferenceMaintainService(redis, referenceEdits, audit, elections, now);
  const incidentsStore = new IncidentsStore(redis, timer);
  const photos = new PhotoStore(config.INCIDENT_PHOTOS_DIR);
  const incidents = new IncidentsService(incidentsStore, photos, elections);
  return {
    turnoutStore,
    scopesStore,
    elections,
    scopes,
    audit,
    turnout,
    countingStore,
    unitRefs,
    counting,
    results,
    exports,
    voterChangesStore,
    voterChanges,
    voterReports,
    publicSnapshots,
    publicLookup,
    electionsAdmin,
    referenceImport,
    referenceEdits,
    referenceMaintain,
    incidentsStore,
    photos,
    incidents,
  };
}
export type Services = ReturnType<typeof createServices>;
