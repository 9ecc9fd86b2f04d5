import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** A word that flags an outgoing guide message in the archive (admin-managed). */
export interface SensitiveWord {
  id: number;
  word: string;
  createdBy: string | null;
  createdAt: Date;
}

export const SensitiveWordEntity = new EntitySchema<SensitiveWord>({
  name: 'SensitiveWord',
  tableName: 'sensitive_word',
  columns: {
    id: col.id(),
    word: col.str(64),
    createdBy: col.str(64, true),
    createdAt: col.createdAt(),
  },
  uniques: [{ columns: ['word'] }],
});
