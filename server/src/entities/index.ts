import type { EntitySchema } from 'typeorm';
import { AlertEntity } from './Alert.ts';
import { AlertSettingEntity } from './AlertSetting.ts';
import { ArchiveCheckpointEntity } from './ArchiveCheckpoint.ts';
import { ArchiveConsentEntity } from './ArchiveConsent.ts';
import { ArchiveFlagEntity } from './ArchiveFlag.ts';
import { ArchiveMessageEntity } from './ArchiveMessage.ts';
import { AuditLogEntity } from './AuditLog.ts';
import { CustomerEntity } from './Customer.ts';
import { CustomerFieldValueEntity } from './CustomerFieldValue.ts';
import { CustomerFollowEntity } from './CustomerFollow.ts';
import { CustomerTagEntity } from './CustomerTag.ts';
import { DepartmentEntity } from './Department.ts';
import { FollowUpEntity } from './FollowUp.ts';
import { GroupChatEntity } from './GroupChat.ts';
import { GroupChatTagEntity } from './GroupChatTag.ts';
import { GroupMemberEntity } from './GroupMember.ts';
import { GroupSendEntity } from './GroupSend.ts';
import { GroupSendMessageEntity } from './GroupSendMessage.ts';
import { GroupSendRecipientEntity } from './GroupSendRecipient.ts';
import { GroupTagEntity } from './GroupTag.ts';
import { InteractionEntity } from './Interaction.ts';
import { JobLeaseEntity } from './JobLease.ts';
import { NbaRuleEntity } from './NbaRule.ts';
import { OrderEntity } from './Order.ts';
import { OrderItemEntity } from './OrderItem.ts';
import { ProfileFieldEntity } from './ProfileField.ts';
import { ReplyTurnEntity } from './ReplyTurn.ts';
import { RfmRunEntity } from './RfmRun.ts';
import { ScriptEntity } from './Script.ts';
import { ScriptFolderEntity } from './ScriptFolder.ts';
import { ScriptSendEntity } from './ScriptSend.ts';
import { SensitiveWordEntity } from './SensitiveWord.ts';
import { SettingEntity } from './Setting.ts';
import { SopRuleEntity } from './SopRule.ts';
import { StaffEntity } from './Staff.ts';
import { StaffDepartmentEntity } from './StaffDepartment.ts';
import { SyncRunEntity } from './SyncRun.ts';
import { TagEntity } from './Tag.ts';
import { TaskEntity } from './Task.ts';
import { TagGroupEntity } from './TagGroup.ts';
import { TagGroupSettingEntity } from './TagGroupSetting.ts';
import { TransferItemEntity } from './TransferItem.ts';
import { TransferJobEntity } from './TransferJob.ts';
import { WecomBehaviorStatEntity } from './WecomBehaviorStat.ts';
import { WecomEventEntity } from './WecomEvent.ts';
import { ChannelEntity } from './Channel.ts';
import { ChannelAddEntity } from './ChannelAdd.ts';
import { ChannelGuideEntity } from './ChannelGuide.ts';
import { GroupJoinEntity } from './GroupJoin.ts';
import { GroupJoinWayEntity } from './GroupJoinWay.ts';
import { MediaAssetEntity } from './MediaAsset.ts';

/** Every entity schema the DataSource knows (one per file here, exported as `XxxEntity`); a new table adds a line. */
export const ENTITIES: EntitySchema[] = [
  AlertEntity,
  AlertSettingEntity,
  ArchiveCheckpointEntity,
  ArchiveConsentEntity,
  ArchiveFlagEntity,
  ArchiveMessageEntity,
  AuditLogEntity,
  CustomerEntity,
  ChannelEntity,
  ChannelAddEntity,
  ChannelGuideEntity,
  CustomerFieldValueEntity,
  CustomerFollowEntity,
  CustomerTagEntity,
  DepartmentEntity,
  FollowUpEntity,
  GroupChatEntity,
  GroupChatTagEntity,
  GroupMemberEntity,
  GroupJoinEntity,
  GroupJoinWayEntity,
  GroupSendEntity,
  GroupSendMessageEntity,
  GroupSendRecipientEntity,
  GroupTagEntity,
  InteractionEntity,
  JobLeaseEntity,
  MediaAssetEntity,
  NbaRuleEntity,
  OrderEntity,
  OrderItemEntity,
  ProfileFieldEntity,
  ReplyTurnEntity,
  RfmRunEntity,
  ScriptEntity,
  ScriptFolderEntity,
  ScriptSendEntity,
  SensitiveWordEntity,
  SettingEntity,
  SopRuleEntity,
  StaffEntity,
  StaffDepartmentEntity,
  SyncRunEntity,
  TagEntity,
  TaskEntity,
  TagGroupEntity,
  TagGroupSettingEntity,
  TransferItemEntity,
  TransferJobEntity,
  WecomBehaviorStatEntity,
  WecomEventEntity,
];
