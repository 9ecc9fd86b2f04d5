import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DataSource } from 'typeorm';
import { ArchiveCheckpointEntity } from '@server/entities/ArchiveCheckpoint.ts';

export const CHECKPOINT = 'default';

/** A unique id for this puller run: the instance id (default host:pid) and a random suffix (shows who holds the lease). */
export function newLeaseOwner(instanceId = `${hostname().slice(0, 24)}:${process.pid}`): string {
  return `${instanceId.slice(0, 55)}:${randomUUID().slice(0, 8)}`;
}

/** Makes sure the checkpoint row exists (seq 0 on a fresh database). */
export async function ensureCheckpoint(ds: DataSource): Promise<void> {
  await ds
    .createQueryBuilder()
    .insert()
    .into(ArchiveCheckpointEntity)
    .values({ name: CHECKPOINT, seq: 0, messagesTotal: 0 })
    .orIgnore()
    .execute();
}

/**
 * Takes the pull lease when nobody holds it, it expired, or we already hold it.
 * One conditional UPDATE, so two instances racing for it cannot both win.
 */
export async function acquireLease(ds: DataSource, owner: string, ttlMs: number, now = new Date()): Promise<boolean> {
  await ensureCheckpoint(ds);
  const result = await ds
    .createQueryBuilder()
    .update(ArchiveCheckpointEntity)
    .set({ leaseOwner: owner, leaseUntil: new Date(now.getTime() + ttlMs) })
    .where('name = :name', { name: CHECKPOINT })
    .andWhere('(lease_owner IS NULL OR lease_until IS NULL OR lease_until < :now OR lease_owner = :owner)', { now, owner })
    .execute();
  return result.affected === 1;
}

/** Extends the lease while a pull works (heartbeat); false when another puller took it over. */
export async function renewLease(ds: DataSource, owner: string, ttlMs: number, now = new Date()): Promise<boolean> {
  const result = await ds
    .createQueryBuilder()
    .update(ArchiveCheckpointEntity)
    .set({ leaseUntil: new Date(now.getTime() + ttlMs) })
    .where('name = :name AND lease_owner = :owner', { name: CHECKPOINT, owner })
    .execute();
  return result.affected === 1;
}

/** Gives the lease back (only if we still hold it). */
export async function releaseLease(ds: DataSource, owner: string): Promise<void> {
  await ds
    .createQueryBuilder()
    .update(ArchiveCheckpointEntity)
    .set({ leaseOwner: null, leaseUntil: null })
    .where('name = :name AND lease_owner = :owner', { name: CHECKPOINT, owner })
    .execute();
}

/** The stored checkpoint (seq 0 before the first pull). */
export async function readCheckpoint(ds: DataSource): Promise<{
  seq: number;
  messagesTotal: number;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  lastPullAt: Date | null;
  lastError: string | null;
}> {
  const row = await ds.getRepository(ArchiveCheckpointEntity).findOne({ where: { name: CHECKPOINT } });
  return {
    seq: row?.seq ?? 0,
    messagesTotal: row?.messagesTotal ?? 0,
    leaseOwner: row?.leaseOwner ?? null,
    leaseUntil: row?.leaseUntil ?? null,
    lastPullAt: row?.lastPullAt ?? null,
    lastError: row?.lastError ?? null,
  };
}

/**
 * Pull everything again from seq 0 and drop any lease. Only for a source whose history is
 * regenerated with the same msgids (the demo's simulator after a restart): stored messages
 * are skipped by msgid, so rewinding repeats nothing; a lease left by a killed process is freed.
 */
export async function rewindCheckpoint(ds: DataSource): Promise<void> {
  await ensureCheckpoint(ds);
  await ds
    .createQueryBuilder()
    .update(ArchiveCheckpointEntity)
    .set({ seq: 0, leaseOwner: null, leaseUntil: null })
    .where('name = :name', { name: CHECKPOINT })
    .execute();
}
