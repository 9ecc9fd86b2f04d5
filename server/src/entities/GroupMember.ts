import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** A member of a group chat; rows stay after leaving (leftAt set) so history survives. */
export interface GroupMember {
  id: number;
  groupId: number;
  /** 1 staff, 2 external contact. */
  memberType: number;
  /** userid for staff, external_userid for customers. */
  userid: string;
  unionid: string | null;
  customerId: number | null;
  staffId: number | null;
  name: string | null;
  groupNickname: string | null;
  joinTime: Date;
  /** 1 invited directly, 2 invited by link, 3 scanned QR code. */
  joinScene: number;
  invitorUserid: string | null;
  leftAt: Date | null;
}

export const GroupMemberEntity = new EntitySchema<GroupMember>({
  name: 'GroupMember',
  tableName: 'group_member',
  columns: {
    id: col.id(),
    groupId: col.int(),
    memberType: col.int(),
    userid: col.str(64),
    unionid: col.str(64, true),
    customerId: col.int(true),
    staffId: col.int(true),
    name: col.str(128, true),
    groupNickname: col.str(128, true),
    joinTime: col.date(),
    joinScene: { type: 'int', default: 0 },
    invitorUserid: col.str(64, true),
    leftAt: col.date(true),
  },
  uniques: [{ columns: ['groupId', 'userid'] }],
});
