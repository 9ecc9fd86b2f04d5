import type { AppConfig } from '@server/config/index.ts';
import { perDeps, type AppDeps } from '@server/context.ts';
import { SIMULATOR_CORP } from '@server/wecom/simulator-corp.ts';
import { statSync } from 'node:fs';
import { errorText } from '@server/db/errors.ts';
import { ArchiveKeyRing, privateKeysSchema } from './keyring.ts';
import { newLeaseOwner } from './lease.ts';
import { pullArchive, type PullOptions, type PullSummary } from './puller.ts';
import { createSdkSource } from './sdk-source.ts';
import { createSimulatorSource } from './sim-source.ts';
import type { ArchiveSource } from './source.ts';

export type ArchiveSourceFactory = () => ArchiveSource;

export interface ArchiveOverrides {
  /** Base URL of the simulator serving /sim/finance/getchatdata (simulator mode). */
  simulatorUrl?: string;
  /**
   * The simulator's archive private keys ({"<publickey_ver>": PEM}), given by whoever runs
   * against a simulator; used with a simulator source when WECOM_ARCHIVE_PRIVATE_KEYS is not set.
   */
  simulatorKeys?: () => Record<string, string>;
  /** Replaces source selection entirely (tests, bench). */
  sourceFactory?: ArchiveSourceFactory;
}

const overrides = new WeakMap<AppDeps, ArchiveOverrides>();

/** Points the archive of these deps at a simulator URL or a custom source (call before the first pull). */
export function setArchiveOptions(deps: AppDeps, options: ArchiveOverrides): void {
  overrides.set(deps, { ...overrides.get(deps), ...options });
}

/** One key ring (and RSA worker pool) per deps, closed at shutdown. */
const keyRingFor = perDeps((deps: AppDeps): ArchiveKeyRing => {
  const json = deps.config.WECOM_ARCHIVE_PRIVATE_KEYS;
  const simulatorKeys = overrides.get(deps)?.simulatorKeys;
  let ring: ArchiveKeyRing;
  if (json) ring = ArchiveKeyRing.fromJson(json);
  else if (simulatorKeys) ring = new ArchiveKeyRing(simulatorKeys());
  else throw new Error('WECOM_ARCHIVE_PRIVATE_KEYS is required to decrypt the session archive');
  deps.onClose(() => ring.close());
  return ring;
});

const isLocal = (url: string) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);

/**
 * Why the archive cannot be pulled with this configuration (undefined = it can): every part a pull
 * needs must be there — the SDK library file and its secret and keys, or a local simulator and keys
 * to decrypt what it serves. Status pages report "configured" only on undefined.
 */
export function archiveUnavailableReason(config: AppConfig, o: ArchiveOverrides = {}): string | undefined {
  if (o.sourceFactory) return undefined;
  if (config.WECOM_FINANCE_SDK_PATH) {
    const missing = (['WECOM_CORP_ID', 'WECOM_ARCHIVE_SECRET', 'WECOM_ARCHIVE_PRIVATE_KEYS'] as const).filter((k) => !config[k]);
    if (missing.length > 0) return `${missing.join(', ')} required with WECOM_FINANCE_SDK_PATH`;
    // A directory or a missing path cannot be loaded: only a file counts.
    if (!statSync(config.WECOM_FINANCE_SDK_PATH, { throwIfNoEntry: false })?.isFile()) return 'WECOM_FINANCE_SDK_PATH names no file';
    return keysProblem(config.WECOM_ARCHIVE_PRIVATE_KEYS);
  }
  // A local WECOM_API_BASE is the simulator (built in, or `npm run sim` with a corp id pointed at it).
  if (isLocal(o.simulatorUrl ?? config.WECOM_API_BASE)) {
    if (config.WECOM_ARCHIVE_PRIVATE_KEYS) return keysProblem(config.WECOM_ARCHIVE_PRIVATE_KEYS);
    return o.simulatorKeys ? undefined : 'WECOM_ARCHIVE_PRIVATE_KEYS is not set';
  }
  return config.wecomMode === 'simulator' ? 'simulator mode without a local simulator URL' : 'WECOM_FINANCE_SDK_PATH is not set';
}

/** The reason for these deps, with the simulator URL, keys or source that demo mode, the CLI or tests set. */
export function archiveReasonFor(deps: AppDeps): string | undefined {
  return archiveUnavailableReason(deps.config, overrides.get(deps));
}

/** Why these private keys cannot decrypt anything (not JSON, no key, not a PEM private key). */
function keysProblem(json: string | undefined): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json ?? '');
  } catch {
    return 'WECOM_ARCHIVE_PRIVATE_KEYS is not JSON';
  }
  const parsed = privateKeysSchema.safeParse(value);
  if (!parsed.success || Object.keys(parsed.data).length === 0) return 'WECOM_ARCHIVE_PRIVATE_KEYS holds no private key';
  return undefined;
}

/**
 * Makes the archive source for this configuration: the official SDK when
 * WECOM_FINANCE_SDK_PATH is set, else (simulator mode) the local simulator with
 * the keys given as simulatorKeys unless WECOM_ARCHIVE_PRIVATE_KEYS is set.
 * Undefined when the archive is not configured. The caller closes the source.
 */
export function createArchiveSource(deps: AppDeps): ArchiveSource | undefined {
  const o = overrides.get(deps) ?? {};
  const { config } = deps;
  if (archiveUnavailableReason(config, o) !== undefined) return undefined;
  if (o.sourceFactory) return o.sourceFactory();
  if (config.WECOM_FINANCE_SDK_PATH && config.WECOM_CORP_ID && config.WECOM_ARCHIVE_SECRET && config.WECOM_ARCHIVE_PRIVATE_KEYS) {
    return createSdkSource({
      libraryPath: config.WECOM_FINANCE_SDK_PATH,
      corpId: config.WECOM_CORP_ID,
      secret: config.WECOM_ARCHIVE_SECRET,
      keys: keyRingFor(deps),
    });
  }
  // Simulator mode: the simulator's keys unless WECOM_ARCHIVE_PRIVATE_KEYS says otherwise.
  return createSimulatorSource({ baseUrl: o.simulatorUrl ?? config.WECOM_API_BASE, keys: keyRingFor(deps) });
}

/** Corp id and archive secret for the msgaudit HTTP APIs (the simulator corp in simulator mode). */
export function archiveCredentials(deps: AppDeps): { apiBase: string; corpId: string; secret: string } | undefined {
  const { config } = deps;
  const o = overrides.get(deps) ?? {};
  const apiBase = o.simulatorUrl ?? config.WECOM_API_BASE;
  if (config.wecomMode === 'real') {
    if (!config.WECOM_CORP_ID) return undefined;
    // The simulator takes its app secret for every API; WeCom wants the 会话存档 secret.
    const secret = config.WECOM_ARCHIVE_SECRET ?? (isLocal(apiBase) ? config.WECOM_SECRET : undefined);
    return secret ? { apiBase, corpId: config.WECOM_CORP_ID, secret } : undefined;
  }
  return isLocal(apiBase)
    ? { apiBase, corpId: SIMULATOR_CORP.corpId, secret: config.WECOM_ARCHIVE_SECRET ?? SIMULATOR_CORP.secret }
    : undefined;
}

/** The state of one process's pulls (for status endpoints). */
interface LastRun {
  summary?: PullSummary;
  error?: string;
}
const lastRun = perDeps((_deps: AppDeps): LastRun => ({}));

/** One pull with the configured source (opened and closed here); 'unconfigured' when there is none. */
export async function runArchivePull(deps: AppDeps, options: PullOptions = {}): Promise<PullSummary | 'unconfigured'> {
  const source = createArchiveSource(deps);
  if (!source) return 'unconfigured';
  const state = lastRun(deps);
  try {
    // The fleet's lease timing; the owner names this instance on the status page.
    const summary = await pullArchive(deps.ds, source, {
      leaseTtlMs: deps.config.JOB_LEASE_SECONDS * 1000,
      heartbeatMs: deps.config.JOB_HEARTBEAT_SECONDS * 1000,
      owner: newLeaseOwner(deps.config.instanceId),
      ...options,
    });
    state.summary = summary;
    state.error = undefined;
    return summary;
  } catch (err) {
    state.error = errorText(err);
    throw err;
  } finally {
    await source.close();
  }
}

/** The last pull of this process (undefined before the first). */
export function lastArchivePull(deps: AppDeps): { summary?: PullSummary; error?: string } {
  const s = lastRun(deps);
  return { summary: s.summary, error: s.error };
}
